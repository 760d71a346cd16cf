from api import backoff


async def retry(fetch):
    for attempt in range(3):
        if await fetch():
            return
        backoff(attempt)
