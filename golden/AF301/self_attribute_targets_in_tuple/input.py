import asyncio


class Dashboard:
    async def load(self, uid):
        self.user = await fetch_user(uid)
        self.stats = await fetch_stats(uid)
