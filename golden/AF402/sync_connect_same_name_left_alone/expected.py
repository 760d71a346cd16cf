import sqlite3


async def query(path):
    db = sqlite3.connect(path)
    rows = db.execute("SELECT 1").fetchall()
    db.close()
    return rows
