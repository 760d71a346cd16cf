import asyncio


async def count(db):
    async with db.execute("SELECT count(*) FROM t") as cursor:
        row = await cursor.fetchone()
        stats = await db.stats()
    return row, stats
