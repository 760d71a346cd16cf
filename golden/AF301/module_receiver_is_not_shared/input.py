import asyncio

import api


async def page(uid):
    user = await api.get_user(uid)
    posts = await api.get_posts(uid)
    return user, posts
