from time import sleep


async def main():
    sleep(1)
