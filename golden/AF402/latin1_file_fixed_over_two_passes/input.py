# -*- coding: latin-1 -*-
import time

import aiosqlite


async def résumé(path):
    db = aiosqlite.connect(path)
    time.sleep(0.1)  # déjà vu
    cursor = await db.execute("SELECT 'été'")
    return await cursor.fetchone()
