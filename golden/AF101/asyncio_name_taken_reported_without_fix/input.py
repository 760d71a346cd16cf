import time

asyncio = None


async def main():
    time.sleep(1)
