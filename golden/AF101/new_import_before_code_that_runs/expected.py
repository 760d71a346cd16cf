import asyncio

log = print
log("start")

import json


async def f():
    await asyncio.sleep(1)
    return json.dumps({})
