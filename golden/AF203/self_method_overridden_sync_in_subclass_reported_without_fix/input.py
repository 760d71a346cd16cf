import asyncio


class Base:
    async def fetch(self):
        return "base"

    async def load(self):
        return "base"

    async def run(self):
        result = self.fetch()
        other = self.load()


class Child(Base):
    def fetch(self):
        return "child"

    async def load(self):
        return "child"


asyncio.run(Child().run())
