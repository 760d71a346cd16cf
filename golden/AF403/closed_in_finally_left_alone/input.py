import aiosqlite


async def count(path):
    db = await aiosqlite.connect(path)
    try:
        return await db.execute_fetchall("SELECT count(*) FROM t")
    finally:
        await db.close()
