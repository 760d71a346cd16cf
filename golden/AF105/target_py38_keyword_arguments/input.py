import socket


async def connect(host):
    return socket.create_connection((host, 80), timeout=2.5)
