import asyncio


class Base:
    async def fetch(self):
        return None

    async def load(self):
        return None

    async def run(self):
        if self.fetch() is None:
            print("nothing fetched")
        if self.load() is None:
            print("nothing loaded")


class Child(Base):
    def fetch(self):
        return None

    async def load(self):
        return None


asyncio.run(Child().run())
