import time


async def main():
    n = time.sleep(1).bit_length()
