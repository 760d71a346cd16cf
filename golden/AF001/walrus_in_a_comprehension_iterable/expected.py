import time


async def scan(rows):
    time.sleep(0.1)
    names = [r.name for r in (live := [r for r in rows if r.alive])]
    return names, live
