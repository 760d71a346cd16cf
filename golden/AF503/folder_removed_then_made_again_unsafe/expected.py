import os
import shutil
import asyncio

WORK = "pdf"


async def reset(event):
    await event.reply("merging")
    shutil.rmtree(WORK)
    os.mkdir(WORK)
    await event.reply("done")


async def clear(path):
    await asyncio.to_thread(shutil.rmtree, path)
