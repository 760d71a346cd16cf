import asyncio


async def page(uid):
    user, feed = await asyncio.gather(get_user(uid), get_feed(user=uid))
    return user, feed
