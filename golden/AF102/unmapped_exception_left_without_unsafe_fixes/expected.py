import requests


async def fetch(url):
    try:
        return requests.get(url).text
    except requests.exceptions.SSLError:
        return "bad certificate"
