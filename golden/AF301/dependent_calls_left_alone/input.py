import asyncio


async def page(uid):
    user = await get_user(uid)
    posts = await get_posts(user.id)
    return posts
