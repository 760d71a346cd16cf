import asyncio


async def page(uid, full):
    if full:
        try:
            user, posts = await asyncio.gather(get_user(uid), get_posts(uid))
        except Exception:
            return None
        return user, posts
    return None
