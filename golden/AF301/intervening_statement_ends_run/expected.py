import asyncio


async def page(uid):
    user = await get_user(uid)
    print("got user")
    posts = await get_posts(uid)
    return user, posts
