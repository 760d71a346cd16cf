import asyncpg


async def names(dsn):
    async with asyncpg.create_pool(dsn) as pool:
        conn = pool.acquire()
        rows = await conn.fetch("SELECT name FROM users")
        return [r["name"] for r in rows]
