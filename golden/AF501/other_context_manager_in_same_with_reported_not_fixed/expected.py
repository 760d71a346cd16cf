import threading

lock = threading.Lock()


async def guarded(path):
    with lock, open(path) as f:
        return f.read()
