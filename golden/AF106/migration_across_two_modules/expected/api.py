import httpx

API = "https://api.example.org/weather?q="


async def fetch_json(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        return (await client.get(url, timeout=20)).json()


async def get_weather(city):
    return await fetch_json(API + city)
