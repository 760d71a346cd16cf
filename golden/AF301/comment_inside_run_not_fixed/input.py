import asyncio


async def page(uid):
    user = await get_user(uid)
    # posts must be read after the user is known to exist
    posts = await get_posts(uid)
    return user, posts
