"""A poller."""


async def main():
    import time

    time.sleep(1)
