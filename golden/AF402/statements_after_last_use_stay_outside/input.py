import aiofiles


async def load(path, log):
    f = aiofiles.open(path)
    log.append(await f.read())
    log.append("done")
    return len(log)
