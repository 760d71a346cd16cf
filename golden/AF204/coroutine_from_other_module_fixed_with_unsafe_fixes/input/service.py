import asyncio

from . import jobs


class Service:
    async def refresh(self):
        asyncio.run(jobs.sync_all(force=True))
        return True
