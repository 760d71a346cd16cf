import socket
import asyncio


async def ping(host, port):
    with await asyncio.to_thread(socket.create_connection, (host, port), timeout=5) as s:
        return s.getpeername()
