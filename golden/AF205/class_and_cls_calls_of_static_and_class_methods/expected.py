class Repo:
    @staticmethod
    async def fetch(key):
        return {"key": key}

    @classmethod
    async def count(cls):
        return 3

    async def plain(self):
        return None

    @classmethod
    async def first(cls, key):
        if await cls.fetch(key) is None:
            return None
        return await cls.count() + 1


async def lookup(repo, key):
    row = (await Repo.fetch(key))["key"]
    total = await Repo.count() * 2
    empty = await Repo.plain(repo) is None
    return row, total, empty
