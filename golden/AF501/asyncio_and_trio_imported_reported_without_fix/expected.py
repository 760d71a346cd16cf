import asyncio

import trio


async def load(path):
    with open(path) as f:
        return f.read()


def main(path, on_trio):
    return trio.run(load, path) if on_trio else asyncio.run(load(path))
