import sqlite3
import tempfile
import threading

from mydb import connect

lock = threading.Lock()


async def query(db):
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT 1").fetchall()
    with tempfile.TemporaryFile() as f:
        f.write(b"x")
    with lock:
        pass
    with connect(db) as c:
        c.run()
    return rows
