import time

log = print
log("start")

import json


async def f():
    time.sleep(1)
    return json.dumps({})
