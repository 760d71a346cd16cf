import asyncio

from aiofiles import tempfile


async def work(job):
    with asyncio.timeout(5):
        with tempfile.TemporaryDirectory() as d:
            with asyncio.TaskGroup() as tg:
                tg.create_task(job(d))
