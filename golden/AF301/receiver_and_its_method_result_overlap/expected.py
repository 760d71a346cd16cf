import asyncio


async def report(conn):
    rows = await conn.fetch("SELECT 1")
    total = await conn.cursor().count()
    return rows, total
