import aiosqlite


async def count(path):
    conn = aiosqlite.connect(path)
    await conn.execute("CREATE TABLE IF NOT EXISTS t (x)")
    return await conn.execute_fetchall("SELECT count(*) FROM t")
