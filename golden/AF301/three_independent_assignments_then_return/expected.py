import asyncio


async def page(uid):
    user, posts, comments = await asyncio.gather(get_user(uid), get_posts(uid), get_comments(uid))
    return user, posts, comments
