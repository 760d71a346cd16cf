import asyncio


async def page(uid):
    await audit(uid)  # noqa: AF301
    user, posts = await asyncio.gather(get_user(uid), get_posts(uid))
    return user, posts
