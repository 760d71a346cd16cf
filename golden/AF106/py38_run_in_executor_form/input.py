import time


def settle():
    time.sleep(1)


async def main(x, *rest, **options):
    settle(
        # nothing to pass
    )
    return x
