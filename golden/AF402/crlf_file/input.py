import aiosqlite


async def names(path):
    db = aiosqlite.connect(path)

    rows = await db.execute_fetchall("SELECT name FROM t")
    return rows
