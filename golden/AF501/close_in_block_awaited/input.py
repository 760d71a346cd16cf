import aiofiles


async def first_line(path):
    with open(path) as f:
        line = f.readline()
        f.close()
    return line
