import asyncio


async def page(uid):
    await audit(uid)  # noqa: AF301
    user = await get_user(uid)
    posts = await get_posts(uid)
    return user, posts
