async def lookup(socket, host):
    return socket.gethostbyname(host)
