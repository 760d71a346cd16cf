import aiosqlite


async def names(path):
    async with aiosqlite.connect(path) as db:
        with db.execute("SELECT name FROM users") as cursor:
            return [row[0] async for row in cursor]
