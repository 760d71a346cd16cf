import aiosqlite


async def query(path):
    async with aiosqlite.connect(path) as db:
        return await db.execute_fetchall("SELECT 1")
