class Cache:
    async def load(self, key):
        return key

    @classmethod
    async def warm(cls):
        return None

    async def refresh(self):
        await self.load("k")
        await self.warm()

    @classmethod
    async def rebuild(cls):
        await cls.warm()

    async def other(this_is_not_self):
        self = object()
        self.load("x")

    async def nested(self):
        def helper():
            self.load("y")
        return helper
