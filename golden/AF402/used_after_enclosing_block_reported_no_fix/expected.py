import aiosqlite


async def query(path, flag):
    if flag:
        db = aiosqlite.connect(path)
        await db.execute("SELECT 1")
    await db.close()
