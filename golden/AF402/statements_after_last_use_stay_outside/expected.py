import aiofiles


async def load(path, log):
    async with aiofiles.open(path) as f:
        log.append(await f.read())
    log.append("done")
    return len(log)
