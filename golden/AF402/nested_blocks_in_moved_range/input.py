import aiosqlite


async def sync(path, items):
    db = aiosqlite.connect(path)
    for item in items:
        if item.new:
            await db.execute("INSERT INTO t VALUES (?)", (item.id,))
        else:
            try:
                await db.execute("UPDATE t SET x = ?", (item.id,))
            except ValueError:
                pass
    await db.commit()
    print("synced")
