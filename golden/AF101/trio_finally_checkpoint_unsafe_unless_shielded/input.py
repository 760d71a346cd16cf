import time

import trio


async def worker(log):
    try:
        await trio.sleep(10)
    finally:
        time.sleep(0.01)
        log.append("cleanup done")


async def shielded(log):
    try:
        await trio.sleep(10)
    finally:
        with trio.CancelScope(shield=True):
            time.sleep(0.01)
        log.append("cleanup done")
