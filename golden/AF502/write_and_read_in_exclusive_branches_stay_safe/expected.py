import aiofiles
async def cache(path, text):
    if text is not None:
        async with aiofiles.open(path, "w") as f:
            await f.write(text)
    else:
        async with aiofiles.open(path) as f:
            text = await f.read()
    return text
