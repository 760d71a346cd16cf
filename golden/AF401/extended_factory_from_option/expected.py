import mydb


async def query(dsn):
    async with mydb.connect(dsn) as conn:
        return await conn.fetch("SELECT 1")
