import asyncio
import socket


async def resolve(host):
    def lookup():
        return socket.gethostbyname(host)

    return await asyncio.to_thread(lookup)
