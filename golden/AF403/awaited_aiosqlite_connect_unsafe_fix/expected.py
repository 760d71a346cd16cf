import aiosqlite


async def count(path):
    async with aiosqlite.connect(path) as db:
        cursor = await db.execute("SELECT count(*) FROM t")
        (n,) = await cursor.fetchone()
        print("counted")
        return n
