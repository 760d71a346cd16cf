import contextlib
import functools

import aiofiles


@contextlib.asynccontextmanager
async def session():
    yield 1


def traced(fn):
    @functools.wraps(fn)
    def wrapper(*a):
        return fn(*a)
    return wrapper


@traced
async def connect():
    return None


async def main(path):
    async with session() as s:
        print(s)
    async with aiofiles.open(path) as f:
        print(await f.read())
    async with connect() as c:
        print(c)
