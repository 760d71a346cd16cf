import time

_ticks = 0


async def tick(interval):
    if _ticks > 100:
        return None
    global _ticks
    _ticks += 1
    time.sleep(interval)
    return _ticks
