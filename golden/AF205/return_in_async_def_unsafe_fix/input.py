async def send_once(msg):
    return len(msg)


async def send(msg):
    # the caller awaits send() and gets a coroutine back
    return send_once(msg)


async def send_all(msgs):
    if not msgs:
        return send_once("")
    return (send_once(msgs[0]))
