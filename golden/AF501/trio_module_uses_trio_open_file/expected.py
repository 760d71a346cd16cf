import trio


async def copy(src, dst):
    async with await trio.open_file(src, "rb") as a, await trio.open_file(dst, "wb") as b:
        async for chunk in a:
            await b.write(chunk)
        print(a.name, b.mode)
