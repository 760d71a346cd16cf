import asyncio

cache = {}


async def refresh(key):
    cache[key] = await fetch(key)


async def lookup(key):
    return cache.get(key)


async def update(user_key, team_key):
    await refresh(user_key)
    team = await lookup(team_key)
    return team
