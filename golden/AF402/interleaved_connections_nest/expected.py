import aiosqlite


async def copy_rows(src, dst):
    async with aiosqlite.connect(src) as source:
        async with aiosqlite.connect(dst) as target:
            rows = await source.execute_fetchall("SELECT id FROM t")
            # the second connection is used after the first one's last use
            await target.executemany("INSERT INTO t VALUES (?)", rows)
            await target.commit()
