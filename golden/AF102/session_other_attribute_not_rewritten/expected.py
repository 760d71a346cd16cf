import requests
from requests.adapters import HTTPAdapter


async def fetch(url):
    s = requests.Session()
    s.mount("https://", HTTPAdapter(max_retries=3))
    return s.get(url).text
