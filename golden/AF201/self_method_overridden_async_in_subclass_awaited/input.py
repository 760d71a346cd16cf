import asyncio


class Base:
    async def hook(self):
        print("base hook")

    async def run(self):
        self.hook()


class Child(Base):
    async def hook(self):
        print("child hook")


class Other:
    def hook(self):
        print("not a subclass")


asyncio.run(Child().run())
