import functools


def run_sync(fn):
    @functools.wraps(fn)
    def wrapper(*args):
        return None
    return wrapper


@run_sync
async def flush():
    return None


async def main():
    result = flush()
    print("flushed")
