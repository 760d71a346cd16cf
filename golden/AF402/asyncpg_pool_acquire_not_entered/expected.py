import asyncpg


async def names(dsn):
    async with asyncpg.create_pool(dsn) as pool:
        async with pool.acquire() as conn:
            rows = await conn.fetch("SELECT name FROM users")
            return [r["name"] for r in rows]
