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
        if cls.fetch(key) is None:
            return None
        return cls.count() + 1


async def lookup(repo, key):
    row = Repo.fetch(key)["key"]
    total = Repo.count() * 2
    empty = Repo.plain(repo) is None
    return row, total, empty
