import asyncio


async def page(uid):
    # both come from the cache service
    user, posts = await asyncio.gather(get_user(uid), get_posts(uid))
    return user, posts
