import asyncio


def page(uid):
    user = get_user(uid)
    posts = get_posts(uid)
    return user, posts
