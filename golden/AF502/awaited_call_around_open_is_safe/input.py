import aiofiles


async def upload(client, path):
    await client.refresh()
    return await client.post("/upload", open(path, "rb").read())
