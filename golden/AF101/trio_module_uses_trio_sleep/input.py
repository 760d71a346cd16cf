import time

import trio


async def main():
    time.sleep(1)


trio.run(main)
