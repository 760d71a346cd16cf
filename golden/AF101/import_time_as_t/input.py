import time as t


async def main():
    t.sleep(1)
