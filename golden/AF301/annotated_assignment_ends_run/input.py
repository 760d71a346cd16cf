import asyncio


async def page(uid):
    user: dict = await get_user(uid)
    posts = await get_posts(uid)
    return user, posts
