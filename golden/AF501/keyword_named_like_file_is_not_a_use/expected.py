import aiofiles
async def load(path, parse):
    async with aiofiles.open(path) as f:
        text = await f.read()
        parse(f=len(text), data=text)
    return text
