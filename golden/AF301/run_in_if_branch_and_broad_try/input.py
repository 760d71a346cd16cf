import asyncio


async def page(uid, full):
    if full:
        try:
            user = await get_user(uid)
            posts = await get_posts(uid)
        except Exception:
            return None
        return user, posts
    return None
