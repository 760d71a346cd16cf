from socket import socket.getaddrinfo, gethostbyaddr
import time


async def lookup(host):
    time.sleep(0.1)
    return getaddrinfo(host, 443)
