import os
import shutil

WORK = "pdf"


async def reset(event):
    await event.reply("merging")
    shutil.rmtree(WORK)
    os.mkdir(WORK)
    await event.reply("done")


async def clear(path):
    shutil.rmtree(path)
