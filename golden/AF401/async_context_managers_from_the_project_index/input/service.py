from . import db
from .db import Both, Pool, session, timer


async def handle():
    with session() as s:
        print(s)
    with db.Pool() as p:
        await p.fetch()
    # left alone: a class that is both, a sync context manager
    with Both() as b, timer() as t:
        print(b, t)


def sync_handle():
    with Pool() as p:
        print(p)
