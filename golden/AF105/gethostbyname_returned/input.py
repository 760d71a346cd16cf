import socket


async def resolve(host):
    return socket.gethostbyname(host)
