import asyncio

import api


async def page(uid):
    user, posts = await asyncio.gather(api.get_user(uid), api.get_posts(uid))
    return user, posts
