import time


async def main(loop):
    await loop.run_in_executor(None, lambda: time.sleep(1))
