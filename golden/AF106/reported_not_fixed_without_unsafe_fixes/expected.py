import socket


def resolve(host):
    return socket.gethostbyname(host)


async def connect(host):
    address = resolve(host)
    return address
