import asyncio


class Base:
    async def hook(self):
        print("base hook")

    @classmethod
    async def setup(cls):
        print("base setup")

    async def ping(self):
        print("base ping")

    async def close(self):
        print("base close")

    async def run(self):
        self.hook()
        self.ping()
        self.close()

    @classmethod
    async def start(cls):
        cls.setup()


class Child(Base):
    def hook(self):
        print("child hook")

    @classmethod
    def setup(cls):
        print("child setup")


class Quiet(Base):
    ping = staticmethod(lambda: None)

    @property
    def close(self):
        return lambda: None


asyncio.run(Child().run())
asyncio.run(Child.start())
asyncio.run(Quiet().run())
