import aiofiles


async def upload(client, path, token):
    await client.refresh()
    return await client.post(await token(), open(path, "rb").read())
