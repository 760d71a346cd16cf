import trio


async def page(uid):
    user = await get_user(uid)
    posts = await get_posts(uid)
    return user, posts
