import time


async def main(clock):
    async with clock() as time:
        time.sleep(1)
