import time
import asyncio


async def wait(d):
    try:
        time.sleep(d)
    except ValueError:
        return "bad delay"
    return "slept"


async def wait_literal():
    try:
        await asyncio.sleep(1)
    except ValueError:
        return "bad delay"
    return "slept"


async def wait_other(d):
    try:
        await asyncio.sleep(d)
    except KeyError:
        return "no"
    return "slept"
