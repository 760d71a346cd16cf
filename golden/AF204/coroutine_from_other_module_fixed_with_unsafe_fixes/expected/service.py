from . import jobs


class Service:
    async def refresh(self):
        await jobs.sync_all(force=True)
        return True
