import asyncio
import contextlib


async def bounded(job):
    cm = asyncio.timeout(5)
    await cm.__aenter__()
    try:
        await job()
    finally:
        await cm.__aexit__(None, None, None)


async def exit_pushed(job):
    deadline = asyncio.timeout(5)
    async with contextlib.AsyncExitStack() as stack:
        await deadline.__aenter__()
        stack.push_async_exit(deadline.__aexit__)
        await job()
