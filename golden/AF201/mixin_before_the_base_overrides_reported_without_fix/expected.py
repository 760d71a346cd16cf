import asyncio


class Base:
    async def hook(self):
        print("base hook")

    async def run(self):
        self.hook()


class SyncHook:
    def hook(self):
        print("mixin hook")


class Child(SyncHook, Base):
    pass


asyncio.run(Child().run())
