import aiosqlite


async def open_db(path):
    db = aiosqlite.connect(path)
    db.row_factory = None
    return db
