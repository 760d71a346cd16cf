import time


async def main():
    time.sleep(1)  # no noqa here: this must be fixed
