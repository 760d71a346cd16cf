import asyncio

from aiofiles import tempfile


async def work(job):
    async with asyncio.timeout(5):
        async with tempfile.TemporaryDirectory() as d:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(job(d))
