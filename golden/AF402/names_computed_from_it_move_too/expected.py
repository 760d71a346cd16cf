import aiofiles


async def load(path, log):
    async with aiofiles.open(path) as f:
        data = await f.read()
        log.append("read")
        size = len(data)
        log.append("done")
        return size
