import asyncio


async def limited(limiter, uid):
    async with limiter.acquire():
        user = await get_user(uid)
        posts = await get_posts(uid)
    return user, posts
