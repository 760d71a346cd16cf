import requests


async def fetch(path):
    try:
        r = requests.get("https://api.example.org/v1/" + path)
        return r.json()
    except requests.RequestException:
        return None
