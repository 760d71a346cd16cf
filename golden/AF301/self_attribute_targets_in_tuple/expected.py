import asyncio


class Dashboard:
    async def load(self, uid):
        self.user, self.stats = await asyncio.gather(fetch_user(uid), fetch_stats(uid))
