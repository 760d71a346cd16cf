import asyncio


class Base:
    def hook(self):
        print("base hook")

    async def run(self):
        self.hook()


class Child(Base):
    async def hook(self):
        print("child hook")


asyncio.run(Base().run())
