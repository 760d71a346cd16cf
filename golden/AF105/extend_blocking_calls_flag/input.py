import mylib
from other import load as load_config


async def main(key):
    data = mylib.fetch_sync(key, retries=3)
    cfg = load_config()
    mylib.fetch_async(key)
    return data, cfg
