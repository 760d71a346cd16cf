import asyncio


async def fetch_user(uid):
    await asyncio.sleep(0)
    return {"id": uid}


def helper():
    return None


class Repo:
    async def get(self, key):
        return key
