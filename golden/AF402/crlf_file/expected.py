import aiosqlite


async def names(path):
    async with aiosqlite.connect(path) as db:

        rows = await db.execute_fetchall("SELECT name FROM t")
        return rows
