import socket


async def ping(host, port):
    with socket.create_connection((host, port), timeout=5) as s:
        return s.getpeername()
