import mylib


async def main(key):
    return mylib.fetch_sync(key)
