import sqlite3
import time
import asyncio

conn = sqlite3.connect("bot.db")
cur = conn.cursor()


async def give(uid):
    row = conn.execute("SELECT points FROM users WHERE id=?", (uid,)).fetchone()
    time.sleep(0.01)
    conn.execute("UPDATE users SET points=? WHERE id=?", (row[0] + 1, uid))
    conn.commit()


async def top():
    cur.execute("SELECT id FROM users ORDER BY points DESC")
    time.sleep(0.01)
    return cur.fetchall()


async def pause_first(uid):
    await asyncio.sleep(0.01)
    return conn.execute("SELECT points FROM users WHERE id=?", (uid,)).fetchone()
