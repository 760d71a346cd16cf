import socket
import asyncio
import functools


async def connect(host):
    return await asyncio.get_running_loop().run_in_executor(None, functools.partial(socket.create_connection, (host, 80), timeout=2.5))
