import time


async def main():
    print("time.sleep(1)")
    """time.sleep(1) would block here"""
