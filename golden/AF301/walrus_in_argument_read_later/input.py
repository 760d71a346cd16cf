import asyncio


async def page(raw):
    user = await get_user(uid := int(raw))
    posts = await get_posts(uid)
    return user, posts
