import asyncio


async def page(uid):
    try:
        user = await get_user(uid)
        posts = await get_posts(uid)
    except KeyError:
        return None
    return user, posts
