from weather import forecast
import weather


async def today(city):
    a = forecast(city)
    b = weather.forecast(city)
    return a, b
