import asyncio


async def page(uid):
    # both come from the cache service
    user = await get_user(uid)
    posts = await get_posts(uid)
    return user, posts
