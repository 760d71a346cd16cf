import aiofiles


async def merge(a, b, out):
    async with aiofiles.open(out, "w") as w:
        async with aiofiles.open(a) as x:
            await w.write(await x.read())
        async with aiofiles.open(b) as y:
            async for line in y:
                await w.write(line)
