import asyncio


class Page:
    async def load(self, uid):
        self.user = await fetch_user(uid)
        self.posts = await fetch_posts(self.user)
