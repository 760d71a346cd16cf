import asyncio
import os

import aiofiles.os

REPORT = "report.txt"


async def unpack(path, archive, extract):
    await aiofiles.os.makedirs(path)
    n = await extract(archive, path)
    return n


async def fetch_report(url):
    with open(REPORT, "w") as f:
        f.write(url)
    return url


async def report_size(url):
    saved = await fetch_report(url)
    size = await asyncio.to_thread(os.path.getsize, REPORT)
    return saved, size
