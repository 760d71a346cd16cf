import asyncio


async def page(uid):
    user = await get_user(uid)
    feed = await get_feed(user=uid)
    return user, feed
