import asyncio
import json

CACHE = "prices.json"
token = None


async def fetch_prices():
    prices = {"btc": 1}
    with open(CACHE, "w") as f:
        json.dump(prices, f)
    return prices


async def load_cached_prices():
    with open(CACHE) as f:
        return json.load(f)


async def get_token():
    global token
    token = "t"
    return token


async def get_headers():
    return {"Authorization": token}


async def get_answer(bot, channel_id):
    msg = await bot.wait_for("message", check=lambda m: m.channel.id == channel_id)
    return msg.content


async def show():
    prices = await fetch_prices()
    cached = await load_cached_prices()
    return prices, cached


async def call_api():
    t = await get_token()
    headers = await get_headers()
    return t, headers


async def quiz(bot, channel_id, user_id):
    answer = await get_answer(bot, channel_id)
    score = await fetch_score(user_id)
    return answer, score
