import requests
import httpx as hx


async def fetch(url):
    r = requests.get(url, proxies={})
    print(r.status_code)


async def aliased(url):
    r = requests.get(url, timeout=2, proxies={'https': 'https://127.0.0.1:3128'})
    print(r.status_code)
