import asyncio
import aiosqlite as sql


async def run(path, jobs):
    async with sql.connect(path) as conn:
        await conn.execute("SELECT 1")
    async with asyncio.TaskGroup() as tg:
        for job in jobs:
            tg.create_task(job())
