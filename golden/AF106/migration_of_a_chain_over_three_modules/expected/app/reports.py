from app.storage import load_rows
import asyncio


async def build(month):
    return await summarize(month)


async def summarize(month):
    rows = await load_rows(month)
    await asyncio.sleep(0.01)
    return len(rows)
