import aiofiles


async def describe(path):
    with open(path, "rb") as f:
        print(f.name, f.mode, f.closed)
        return len(f.read())
