import asyncio


async def page(uid):
    async with asyncio.timeout(5):
        user = await get_user(uid)
        posts = await get_posts(uid)
    return user, posts
