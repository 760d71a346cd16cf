import asyncio


class Hub:
    async def notify(self, text):
        sent = 0
        for user in list(self.users):
            await asyncio.sleep(0.01)
            sent += 1
        count = sent
        await asyncio.sleep(0.01)
        count = count + 1
        return count, self.name
