import time


async def wait(d):
    try:
        time.sleep(d)
    except ValueError:
        return "bad delay"
    return "slept"


async def wait_literal():
    try:
        time.sleep(1)
    except ValueError:
        return "bad delay"
    return "slept"


async def wait_other(d):
    try:
        time.sleep(d)
    except KeyError:
        return "no"
    return "slept"
