# asyncfix: skip-file
import time


async def main():
    time.sleep(1)
