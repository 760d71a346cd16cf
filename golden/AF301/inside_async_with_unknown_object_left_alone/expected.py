import asyncio


class Pool:
    async def refill(self):
        async with self._guard:
            await self.top_up_a()
            await top_up_b()
