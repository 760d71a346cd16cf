import asyncio
scores = {}


async def ask(player):
    old = scores.get(player, 0)
    answer = await asyncio.to_thread(input, "points? ")
    scores[player] = old + int(answer)
