import aiosqlite


async def count(path):
    db = await aiosqlite.connect(path)
    cursor = await db.execute("SELECT count(*) FROM t")
    (n,) = await cursor.fetchone()
    print("counted")
    return n
