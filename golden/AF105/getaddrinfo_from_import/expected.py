from socket import getaddrinfo, gethostbyaddr
import asyncio


async def lookup(host, ip):
    infos = await asyncio.to_thread(getaddrinfo, host, 443, proto=6)
    name, aliases, addrs = await asyncio.to_thread(gethostbyaddr, ip)
    return infos, name
