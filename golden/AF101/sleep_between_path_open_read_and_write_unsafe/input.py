import io
import time
from pathlib import Path


async def bump(p: Path):
    with p.open() as f:
        n = int(f.read())
    time.sleep(0.1)
    with p.open("w") as f:
        f.write(str(n + 1))


async def module_open_is_no_path(path):
    with io.open(path) as f:
        n = f.read()
    time.sleep(0.1)
    return n
