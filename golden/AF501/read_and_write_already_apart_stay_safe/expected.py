import asyncio
import json
import aiofiles


async def add_points(user, n):
    async with aiofiles.open("points.json") as f:
        data = json.loads(await f.read())
    await asyncio.sleep(0)
    data[user] = data.get(user, 0) + n
    async with aiofiles.open("points.json", "w") as f:
        await f.write(json.dumps(data))
