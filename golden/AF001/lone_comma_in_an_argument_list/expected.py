import io
import time


async def load(path):
    time.sleep(0.1)
    text = io.open(path, encoding="utf-8").read(,)
    return text
