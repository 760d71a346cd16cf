from api import get_weather


async def on_message(city, reply):
    data = get_weather(city)  # the forecast
    await reply(data["summary"])
