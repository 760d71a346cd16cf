import asyncio
import os


async def report(client, ids, path):
    size = os.path.getsize(path)
    users = await client.fetch_users(ids)
    return size, users
