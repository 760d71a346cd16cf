import asyncio


async def load(p, loop):
    data = await asyncio.to_thread(open(p).read)
    more = await loop.run_in_executor(None, open(p, "rb").read)
    f = asyncio.wrap_file(open(p))
    return data, more, f
