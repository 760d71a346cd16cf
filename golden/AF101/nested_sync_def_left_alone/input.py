import time


async def main():
    def worker():
        time.sleep(1)

    await run(worker)
