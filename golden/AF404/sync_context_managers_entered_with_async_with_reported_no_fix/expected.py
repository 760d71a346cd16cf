import io
import sqlite3
import threading
from contextlib import contextmanager
from tempfile import TemporaryDirectory

lock = threading.Lock()


@contextmanager
def timer():
    yield 0


class Ledger:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


async def save(path, rows):
    async with open(path, "w") as f:
        await f.write(rows)
    async with lock:
        pass
    async with sqlite3.connect(path) as db, io.open(path) as g:
        print(db, g)
    async with TemporaryDirectory() as tmp:
        print(tmp)
    async with timer() as elapsed, Ledger() as ledger:
        print(elapsed, ledger)
