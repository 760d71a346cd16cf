async def get_count(uid):
    return uid


def get_limit():
    return 10


class Repo:
    @staticmethod
    async def fetch(key):
        return {"key": key}

    @classmethod
    async def size(cls):
        return 1
