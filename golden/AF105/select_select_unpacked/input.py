import select


async def wait_readable(socks):
    readable, _, _ = select.select(socks, [], [], 1.0)
    return readable
