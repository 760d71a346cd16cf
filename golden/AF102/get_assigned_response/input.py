import requests


async def fetch(url):
    response = requests.get(url)
    return response.json()
