import time

cache = {}
REGISTRY = {"rows": []}


async def get(k):
    c = cache
    if k not in c:
        time.sleep(0.01)
        c[k] = object()
    return c[k]


async def register(row):
    rows = REGISTRY["rows"]
    if row not in rows:
        time.sleep(0.01)
        rows.append(row)


async def count(k):
    c = cache
    d = c
    n = d.get(k, 0)
    time.sleep(0.01)
    d[k] = n + 1


async def walk():
    c = cache
    for k in c:
        time.sleep(0.01)
