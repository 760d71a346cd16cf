import asyncio
import os


async def report(client, ids, path):
    size, users = await asyncio.gather(asyncio.to_thread(os.path.getsize, path), client.fetch_users(ids))
    return size, users
