import asyncio


async def fetch_profile(user_id):
    return {"id": user_id}


async def profiles(user_ids, client):
    found = await asyncio.gather(*(fetch_profile(user_id) for user_id in user_ids))
    return found
