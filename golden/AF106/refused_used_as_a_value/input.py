import time


def settle():
    time.sleep(1)


HOOKS = {"settle": settle}


async def main():
    settle()
