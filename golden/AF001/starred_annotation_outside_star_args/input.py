import os
import time


async def total_size(paths, root: *Path):
    # CPython takes a starred annotation only on *args (def f(*args: *Ts))
    time.sleep(0.1)
    return sum(os.path.getsize(p) for p in paths)
