"""AF402: the seed's broken query function creates an aiosqlite connection
and never enters it, so the query fails ("Connection closed") before the
rewrite and returns the rows after it; the rest of the output is the same.
The program makes its own SQLite file in a temp folder."""
import sys

from support import compare, fail, require_changed, rewrite, run_program

PROGRAM = '''\
import asyncio
import os
import shutil
import sqlite3
import tempfile

import aiosqlite


def make_db(folder):
    path = os.path.join(folder, "users.db")
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
    conn.executemany("INSERT INTO users (name) VALUES (?)", [("ada",), ("brian",), ("grace",)])
    conn.commit()
    conn.close()
    return path


async def fetch_users(path):
    db = aiosqlite.connect(path)
    cursor = await db.execute("SELECT id, name FROM users ORDER BY id")
    rows = await cursor.fetchall()
    return rows


async def show(path):
    print("start")
    try:
        rows = await fetch_users(path)
    except Exception as exc:
        print("error", type(exc).__name__, exc)
    else:
        print("rows", [tuple(r) for r in rows])
    print("end")


def main():
    folder = tempfile.mkdtemp(prefix="asyncfix-sqlite-")
    try:
        asyncio.run(show(make_db(folder)))
    finally:
        shutil.rmtree(folder)


main()
'''

ROWS = "rows [(1, 'ada'), (2, 'brian'), (3, 'grace')]"


def main():
    asyncfix = sys.argv[1]
    fixed, _ = rewrite(asyncfix, PROGRAM)
    require_changed(PROGRAM, fixed)
    if '    async with aiosqlite.connect(path) as db:\n' \
       '        cursor = await db.execute(' not in fixed:
        fail('expected the async with rewrite:\n' + fixed)
    again, _ = rewrite(asyncfix, fixed)
    compare(fixed, again, 'second rewrite')
    before, _, _ = run_program(PROGRAM)
    after, _, _ = run_program(fixed)
    b, a = before.splitlines(), after.splitlines()
    if len(b) != 3 or not b[1].startswith('error ') or ROWS in before:
        fail('the original should fail to query:\n' + before)
    if len(a) != 3 or a[1] != ROWS:
        fail('the rewrite should return the rows:\n' + after)
    compare([b[0], b[2]], [a[0], a[2]], 'lines around the query')
    print('ok: %s before, the rows after' % b[1])


if __name__ == '__main__':
    main()
