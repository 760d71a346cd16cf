import asyncio


async def sync_both(users_db, orders_db, uid):
    user = await users_db.fetch(uid)
    orders = await orders_db.fetch(uid)
    return user, orders
