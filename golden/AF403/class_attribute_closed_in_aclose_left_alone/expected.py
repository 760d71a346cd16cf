import aiohttp
import aiosqlite


class Client:
    def __init__(self):
        self.session = aiohttp.ClientSession()

    async def start(self, path):
        self.db = await aiosqlite.connect(path)

    async def get(self, url):
        return await self.session.get(url)

    async def aclose(self):
        await self.session.close()
        await self.db.close()
