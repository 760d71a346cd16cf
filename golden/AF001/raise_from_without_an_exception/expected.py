import time


async def retry(op):
    try:
        return op()
    except OSError as e:
        time.sleep(1)
        raise from e
