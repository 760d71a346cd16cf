import asyncio
import aiosqlite as sql


async def run(path, jobs):
    conn = sql.connect(path)
    await conn.execute("SELECT 1")
    tg = asyncio.TaskGroup()
    for job in jobs:
        tg.create_task(job())
