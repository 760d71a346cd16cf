import asyncio


async def page(uid):
    user = await get_user(uid)
    posts = await get_posts(user.id)
    badges = await get_badges(uid)
    return user, posts, badges
