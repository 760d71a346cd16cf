import trio


async def first_line(path):
    async with await trio.open_file(path) as f:
        return await f.readline()
