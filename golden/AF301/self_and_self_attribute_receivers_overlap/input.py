import asyncio


class Service:
    async def refresh(self):
        config = await self.load_config()
        users = await self.repo.list_users()
        return config, users
