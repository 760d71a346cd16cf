import asyncio
import contextlib

import aiosqlite


async def query(path):
    conn = aiosqlite.connect(path)
    async with conn as db:
        return await db.execute_fetchall("SELECT 1")


async def bounded(job):
    deadline = asyncio.timeout(5)
    async with deadline:
        await job()


async def stacked(path):
    conn = aiosqlite.connect(path)
    async with contextlib.AsyncExitStack() as stack:
        db = await stack.enter_async_context(conn)
        return await db.execute_fetchall("SELECT 1")


async def opened(path):
    conn = aiosqlite.connect(path)
    db = await conn
    try:
        return await db.execute_fetchall("SELECT 1")
    finally:
        await db.close()
