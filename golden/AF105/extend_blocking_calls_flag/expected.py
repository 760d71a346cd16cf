import mylib
from other import load as load_config
import asyncio


async def main(key):
    data = await asyncio.to_thread(mylib.fetch_sync, key, retries=3)
    cfg = await asyncio.to_thread(load_config)
    mylib.fetch_async(key)
    return data, cfg
