import aiosqlite


async def store(path, items):
    db = aiosqlite.connect(path)  # one connection for the batch

    # the table first
    await db.execute("CREATE TABLE IF NOT EXISTS t (x)")

        # an odd comment
    await db.executemany("INSERT INTO t VALUES (?)", items)
    await db.commit()
    # after the last use
    return len(items)
