import time


async def save(path, data, lock):
    time.sleep(0.1)
    with (open(path, "w") as f), lock:
        f.write(data)
