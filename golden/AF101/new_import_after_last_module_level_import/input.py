import time


async def f():
    time.sleep(1)
    return json.dumps({})


import json
