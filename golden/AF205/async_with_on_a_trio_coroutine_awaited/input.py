import trio


async def first_line(path):
    async with trio.open_file(path) as f:
        return await f.readline()
