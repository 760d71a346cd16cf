from socket import getaddrinfo, gethostbyaddr


async def lookup(host, ip):
    infos = getaddrinfo(host, 443, proto=6)
    name, aliases, addrs = gethostbyaddr(ip)
    return infos, name
