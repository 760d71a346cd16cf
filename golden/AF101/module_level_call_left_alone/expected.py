import time

time.sleep(0.1)


async def main():
    pass
