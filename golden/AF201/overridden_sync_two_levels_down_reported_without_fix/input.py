import asyncio


class Base:
    async def hook(self):
        print("base hook")

    async def run(self):
        self.hook()


class Middle(Base):
    async def other(self):
        return None


class Leaf(Middle):
    def hook(self):
        print("leaf hook")


asyncio.run(Leaf().run())
