import asyncio
import os

LOG = open("events.log", "a")
PIPE = os.fdopen(3, "w")


async def record(event):
    LOG.write(event + "\n")
    LOG.flush()
    PIPE.write(event)


def make_reader(path):
    source = open(path, "rb")

    async def next_chunk():
        return source.read(4096)

    return next_chunk
