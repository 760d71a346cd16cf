import time
from contextlib import asynccontextmanager


@asynccontextmanager
async def transaction(db):
    yield db


async def handler(db, pool):
    time.sleep(0.1)
    with transaction(db) as t as p:
        print(t, p)
