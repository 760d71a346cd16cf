import asyncio
import json

LIMIT = 10


async def load_users(guild_id):
    with open("users.json") as f:
        return json.load(f).get(guild_id, [])


async def load_scores(guild_id):
    with open("scores.json") as f:
        return json.load(f).get(guild_id, {})


async def summary(client, guild_id, user_id: int):
    users = await load_users(guild_id)
    scores = await load_scores(guild_id)
    profile = await client.fetch_user(user_id)
    top = await get_top_ranks(LIMIT, "global")
    return users, scores, profile, top
