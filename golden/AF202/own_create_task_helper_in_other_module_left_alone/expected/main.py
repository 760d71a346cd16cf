import asyncio

from .tasks import create_task
from . import tasks


async def worker():
    await asyncio.sleep(0)


async def main():
    create_task(worker())
    tasks.ensure_future(worker())
    asyncio.create_task(worker())
