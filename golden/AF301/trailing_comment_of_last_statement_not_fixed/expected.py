import asyncio


async def page(uid):
    user = await get_user(uid)
    posts = await get_posts(uid)  # newest first
    return user, posts
