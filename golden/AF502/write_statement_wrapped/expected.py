import aiofiles
async def save(path, text):
    async with aiofiles.open(path, "w", encoding="utf-8") as f:
        await f.write(text)
