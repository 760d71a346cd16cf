import asyncio


async def insert(db):
    cursor = await db.execute("INSERT INTO t (k) VALUES (1)")
    row = await cursor.fetchone()
    await db.log_usage()
    return row
