from weather import forecast
import weather
import asyncio


async def today(city):
    a = await asyncio.to_thread(forecast, city)
    b = await asyncio.to_thread(weather.forecast, city)
    return a, b
