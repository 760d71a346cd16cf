import asyncio as aio


async def page(uid):
    user, posts = await aio.gather(get_user(uid), get_posts(uid))
    return user, posts
