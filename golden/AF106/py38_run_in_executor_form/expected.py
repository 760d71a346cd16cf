import time
import asyncio


def settle():
    time.sleep(1)


async def main(x, *rest, **options):
    await asyncio.get_running_loop().run_in_executor(None, settle
        # nothing to pass
    )
    return x
