import asyncio
import json

POINTS = "points.json"


async def add_points(user_id, n):
    with open(POINTS) as f:
        points = json.load(f)
    points[user_id] = points.get(user_id, 0) + n
    with open(POINTS, "w") as f:
        json.dump(points, f)


async def reward(winner_id, loser_id):
    await add_points(winner_id, 10)
    await add_points(loser_id, 1)
