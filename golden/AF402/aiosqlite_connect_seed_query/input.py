import aiosqlite


async def fetch_rows(path):
    db = aiosqlite.connect(path)
    cursor = await db.execute("SELECT id, name FROM users ORDER BY id")
    rows = await cursor.fetchall()
    return rows
