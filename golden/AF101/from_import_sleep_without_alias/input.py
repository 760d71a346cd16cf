from time import sleep


async def poll():
    sleep(0.1)
    return 1
