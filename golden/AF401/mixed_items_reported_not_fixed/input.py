import aiofiles


async def copy(a, b):
    with open(a) as src, aiofiles.open(b, "w") as dst:
        await dst.write(src.read())
