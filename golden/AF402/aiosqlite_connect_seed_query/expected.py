import aiosqlite


async def fetch_rows(path):
    async with aiosqlite.connect(path) as db:
        cursor = await db.execute("SELECT id, name FROM users ORDER BY id")
        rows = await cursor.fetchall()
        return rows
