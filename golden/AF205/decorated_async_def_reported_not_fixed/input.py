import functools


def cached(fn):
    return functools.lru_cache()(fn)


@cached
async def get_count(uid):
    return uid


async def main(uid):
    return get_count(uid) + 1
