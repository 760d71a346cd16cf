import requests


async def fetch(client, url):
    r = requests.get(url)
    client.store(r.content)
