import socket
import asyncio


async def resolve(host):
    return await asyncio.to_thread(socket.gethostbyname, host)
