import time


def backoff(n):
    time.sleep(n)


def retry_sync(fn):
    for n in range(3):
        backoff(n)
        fn()


async def main():
    def inner_sync():
        backoff(1)
    return inner_sync


backoff(0)
