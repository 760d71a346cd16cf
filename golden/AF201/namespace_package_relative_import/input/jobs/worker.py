from .queue import push


async def run(item):
    push(item)
