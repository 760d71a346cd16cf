import aiosqlite


async def count(path):
    db = await aiosqlite.connect(path)
    return await db.execute_fetchall("SELECT count(*) FROM t")
