import requests


async def fetch(url, log):
    r = requests.get(url, hooks={"response": log})
    return r.text
