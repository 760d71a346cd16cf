async def send_once(msg):
    return len(msg)


async def send(msg):
    # the caller awaits send() and gets a coroutine back
    return await send_once(msg)


async def send_all(msgs):
    if not msgs:
        return await send_once("")
    return (await send_once(msgs[0]))
