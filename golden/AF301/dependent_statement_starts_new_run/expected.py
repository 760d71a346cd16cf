import asyncio


async def page(uid):
    user = await get_user(uid)
    posts, badges = await asyncio.gather(get_posts(user.id), get_badges(uid))
    return user, posts, badges
