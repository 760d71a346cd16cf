import asyncio
import json


async def save_score(user_id, score):
    with open("scores.json") as f:
        scores = json.load(f)
    scores[user_id] = score
    with open("scores.json", "w") as f:
        json.dump(scores, f)
    return score


async def save_all(user_ids):
    saved = []
    for user_id in user_ids:
        saved.append(await save_score(user_id, 0))
    return saved
