import aiosqlite
import contextlib


async def count(path):
    db = await aiosqlite.connect(path)
    async with db:
        return await db.execute_fetchall("SELECT 1")


async def count2(path):
    db = await aiosqlite.connect(path)
    async with contextlib.AsyncExitStack() as stack:
        stack.push_async_callback(db.close)
        return await db.execute_fetchall("SELECT 1")
