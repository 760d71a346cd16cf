import asyncio


async def fetch_profile(user_id):
    return {"id": user_id}


async def profiles(user_ids, client):
    found = []
    for user_id in user_ids:
        found.append(await fetch_profile(user_id))
    return found
