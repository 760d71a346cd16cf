import aiohttp as ah
import httpx
from aiosqlite import connect


async def sync_all(url, db):
    async with httpx.AsyncClient() as client, ah.ClientSession() as session, connect(db) as conn:
        await client.get(url)
        await session.get(url)
        await conn.execute("SELECT 1")
