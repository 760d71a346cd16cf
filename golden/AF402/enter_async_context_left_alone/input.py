import contextlib

import aiosqlite


async def query(path):
    async with contextlib.AsyncExitStack() as stack:
        db = await stack.enter_async_context(aiosqlite.connect(path))
        return await db.execute_fetchall("SELECT 1")
