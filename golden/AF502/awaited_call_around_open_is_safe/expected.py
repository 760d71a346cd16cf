import aiofiles


async def upload(client, path):
    await client.refresh()
    async with aiofiles.open(path, "rb") as f:
        return await client.post("/upload", await f.read())
