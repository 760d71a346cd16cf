import asyncio


async def page(uid):
    user = await get_user(uid)
    posts = await get_posts(uid)
    comments = await get_comments(uid)
    return user, posts, comments
