import contextlib
from contextlib import asynccontextmanager, contextmanager


@asynccontextmanager
async def session():
    yield "s"


@contextlib.asynccontextmanager
async def transaction(db):
    yield db


@contextmanager
def timer():
    yield 0


class Pool:
    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return False


class Both:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return False


async def handler(db):
    with session() as s:
        print(s)
    with transaction(db) as t, Pool() as p:
        print(t, p)
    # left alone: a class that is both, a sync context manager
    with Both() as b, timer() as elapsed:
        print(b, elapsed)


def sync_handler():
    with session() as s:
        print(s)
