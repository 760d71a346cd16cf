class Repo:
    @staticmethod
    async def fetch(key):
        return key

    @classmethod
    async def warm(cls):
        return None

    @staticmethod
    def sync_helper():
        return None

    @staticmethod
    async def refresh():
        await Repo.warm()


async def main(key):
    await Repo.fetch(key)
    await Repo.warm()
    Repo.sync_helper()


class Other:
    fetch = None


async def not_the_class(key):
    Other.fetch(key)
