import asyncio
import os

LOG = open("events.log", "a")
PIPE = os.fdopen(3, "w")


async def record(event):
    await asyncio.to_thread(LOG.write, event + "\n")
    await asyncio.to_thread(LOG.flush)
    await asyncio.to_thread(PIPE.write, event)


def make_reader(path):
    source = open(path, "rb")

    async def next_chunk():
        return await asyncio.to_thread(source.read, 4096)

    return next_chunk
