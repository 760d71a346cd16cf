import asyncio
import json

points_lock = asyncio.Lock()


async def add_points(user, n):
    async with points_lock:
        with open("points.json") as f:
            data = json.load(f)
        data[user] = data.get(user, 0) + n
        with open("points.json", "w") as f:
            json.dump(data, f)
