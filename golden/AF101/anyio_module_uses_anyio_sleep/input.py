import time

import anyio


async def main():
    time.sleep(1)


anyio.run(main)
