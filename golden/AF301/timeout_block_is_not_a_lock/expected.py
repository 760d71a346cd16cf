import asyncio


async def page(uid):
    async with asyncio.timeout(5):
        user, posts = await asyncio.gather(get_user(uid), get_posts(uid))
    return user, posts
