from api import backoff
import asyncio


async def retry(fetch):
    for attempt in range(3):
        if await fetch():
            return
        await asyncio.to_thread(backoff, attempt)
