import asyncio

__all__ = ["exported"]


async def fetch_user(uid):
    return {"id": uid}


pending = fetch_user(1)
exported = fetch_user(2)
later = fetch_user(3)


async def main():
    # module-level coroutines read by a function of the module
    return await pending, await later


class Config:
    # a class attribute is stored for later
    loader = fetch_user(4)


asyncio.run(main())
