import aiosqlite


async def count(path):
    async with aiosqlite.connect(path) as conn:
        await conn.execute("CREATE TABLE IF NOT EXISTS t (x)")
        return await conn.execute_fetchall("SELECT count(*) FROM t")
