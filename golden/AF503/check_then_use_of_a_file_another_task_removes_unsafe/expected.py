import os
import asyncio

TRACK = "track.bin"
COVER = "cover.jpg"


async def play():
    if not os.path.exists(TRACK):
        return "skip"
    with open(TRACK, "rb") as f:
        return f.read()


async def clean():
    await asyncio.to_thread(os.remove, TRACK)


async def show():
    if not await asyncio.to_thread(os.path.exists, COVER):
        return None
    with open(COVER, "rb") as f:
        return f.read()
