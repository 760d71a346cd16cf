import asyncio


async def copy(src, dst):
    data = open(src, "rb").read()
    open(dst, "wb").write(data)
    return len(open(src, encoding="utf-8").read().splitlines())
