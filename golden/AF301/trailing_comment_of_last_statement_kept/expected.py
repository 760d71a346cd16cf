import asyncio


async def page(uid):
    user, posts = await asyncio.gather(get_user(uid), get_posts(uid))  # newest first
    return user, posts
