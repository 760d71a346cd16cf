import asyncio
import gzip

LOG = open("events.log", "a")
ARCHIVE = gzip.open("old.gz")
STATE = open("state.json")
STATE = None
OUT = open("out.txt", "w")


def rotate():
    global OUT
    OUT = open("out.1.txt", "w")


async def record(event, LOG=None):
    LOG.write(event)
    ARCHIVE.read()
    STATE.read()
    OUT.write(event)


async def info():
    return LOG.fileno(), LOG.name, LOG.closed


async def handed_over(event):
    await asyncio.to_thread(LOG.write, event)


def sync_write(event):
    LOG.write(event)
