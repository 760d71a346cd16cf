import asyncio as aio
from asyncio import wait_for


async def work():
    return 1


async def main():
    aio.sleep(1)
    wait_for(work(), timeout=1)
    aio.to_thread(print, "x")
    aio.get_running_loop()
