import aiofiles


async def load(path, log):
    f = aiofiles.open(path)
    data = await f.read()
    log.append("read")
    size = len(data)
    log.append("done")
    return size
