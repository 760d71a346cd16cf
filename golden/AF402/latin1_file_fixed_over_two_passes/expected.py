# -*- coding: latin-1 -*-

import aiosqlite
import asyncio


async def résumé(path):
    async with aiosqlite.connect(path) as db:
        await asyncio.sleep(0.1)  # déjà vu
        cursor = await db.execute("SELECT 'été'")
        return await cursor.fetchone()
