import aiosqlite


async def report(path, since):
    async with aiosqlite.connect(
        path,
        timeout=5,
    ) as db:
        rows = await db.execute_fetchall("SELECT a, b FROM t WHERE day >= ?",
                                         (since,))
        total = sum(a
                    + b
                    for a, b in rows)
        return {
            "rows": rows,
            "total": total,
        }
