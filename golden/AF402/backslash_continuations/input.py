import aiofiles


async def first_line(path):
    f = \
        aiofiles.open(path)
    line = await f.readline() \
        + await f.readline()
    assert line, \
           "empty"
    return line
