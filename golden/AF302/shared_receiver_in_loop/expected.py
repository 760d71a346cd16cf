import asyncio


async def insert_all(conn, rows):
    ids = []
    for row in rows:
        ids.append(await conn.insert(row))
    return ids
