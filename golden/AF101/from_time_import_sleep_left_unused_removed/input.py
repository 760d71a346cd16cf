from time import sleep


async def f():
    sleep(1)
