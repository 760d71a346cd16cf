from api import get_weather
import asyncio


async def on_message(city, reply):
    data = await asyncio.to_thread(get_weather, city)  # the forecast
    await reply(data["summary"])
