from .queue import push


async def run(item):
    await push(item)
