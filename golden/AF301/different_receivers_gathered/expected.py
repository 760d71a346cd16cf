import asyncio


async def sync_both(users_db, orders_db, uid):
    user, orders = await asyncio.gather(users_db.fetch(uid), orders_db.fetch(uid))
    return user, orders
