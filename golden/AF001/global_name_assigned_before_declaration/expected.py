import time

_last_tick = 0.0


async def tick(interval):
    started = time.monotonic()
    _last_tick = started
    global _last_tick
    time.sleep(interval)
    return started
