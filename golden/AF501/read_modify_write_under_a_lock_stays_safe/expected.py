import asyncio
import json
import aiofiles

points_lock = asyncio.Lock()


async def add_points(user, n):
    async with points_lock:
        async with aiofiles.open("points.json") as f:
            data = json.loads(await f.read())
        data[user] = data.get(user, 0) + n
        async with aiofiles.open("points.json", "w") as f:
            await f.write(json.dumps(data))
