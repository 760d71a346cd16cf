import asyncio
import json


async def add_points(user, n):
    with open("points.json") as f:
        data = json.load(f)
    await asyncio.sleep(0)
    data[user] = data.get(user, 0) + n
    with open("points.json", "w") as f:
        json.dump(data, f)
