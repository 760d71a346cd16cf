import asyncio


async def migrate(conn):
    await conn.execute("CREATE TABLE a (x INTEGER)")
    await conn.execute("CREATE TABLE b (y INTEGER)")
