import asyncio
import inspect


async def fetch(n):
    return n


def make_job(n):
    # a sync factory hands its coroutine on
    return fetch(n)


class Job:
    def __await__(self):
        return fetch(1).__await__()


async def main(ids):
    results = await asyncio.gather(fetch(1), fetch(2))
    task = asyncio.create_task(fetch(3))
    done = await asyncio.wait_for(fetch(4), timeout=1)
    # stored in a list that is gathered later
    pending = [fetch(i) for i in ids]
    pending.append(fetch(5))
    more = [fetch(6), fetch(7)]
    pairs = {"a": fetch(8)}
    await asyncio.gather(*pending, *more, *pairs.values())
    later = fetch(9)
    if asyncio.iscoroutine(later) or inspect.iscoroutine(later):
        await later
    closed = fetch(10)
    closed.close()
    fetch(11).close()
    callbacks = [lambda: fetch(12)]
    kept = asyncio.ensure_future(fetch(13))
    await task
    await kept
    return results, done, callbacks, make_job(14)


async def stream(ids):
    for i in ids:
        yield fetch(i)
