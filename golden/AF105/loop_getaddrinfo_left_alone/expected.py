import asyncio


async def lookup(host):
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, 443)
    reader, writer = await asyncio.open_connection(host, 443)
    return infos
