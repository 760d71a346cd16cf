import asyncio


async def page(uid, team_id):
    user = await get_user(uid)
    posts = await get_posts(uid)

    team = await get_team(team_id)
    return user, posts, team


async def profile(uid):
    user = await get_user(uid)

    posts = await get_posts(uid)
    return user, posts
