import asyncio


async def save_user(user):
    await asyncio.sleep(0)


async def log_message(user):
    await asyncio.sleep(0)
