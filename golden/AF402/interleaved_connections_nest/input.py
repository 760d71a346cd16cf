import aiosqlite


async def copy_rows(src, dst):
    source = aiosqlite.connect(src)
    target = aiosqlite.connect(dst)
    rows = await source.execute_fetchall("SELECT id FROM t")
    # the second connection is used after the first one's last use
    await target.executemany("INSERT INTO t VALUES (?)", rows)
    await target.commit()
