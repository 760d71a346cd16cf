import asyncio


async def page(uid):
    user = await get_user(await resolve(uid))
    posts = await get_posts(uid)
    return user, posts
