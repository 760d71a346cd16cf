import requests


async def fetch(url, **options):
    r = requests.get(url, **options)
    return r.text
