async def f():
    await asyncio.sleep(1)
    return json.dumps({})


import json
import asyncio
