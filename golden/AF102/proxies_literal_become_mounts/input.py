import requests


async def fetch(url):
    r = requests.get(url, proxies={"https": "http://127.0.0.1:3128", "all": "http://127.0.0.1:3129"})
    return r.content


async def per_host(url):
    r = requests.post(url, json={"a": 1}, proxies={'http://example.com': 'http://user:pw@proxy:8080'})
    return r.status_code
