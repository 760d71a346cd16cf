import asyncio


async def page(uid):
    user = await get_user(uid)
    return user
