import requests


async def socks(url):
    r = requests.get(url, proxies={"https": "socks5://127.0.0.1:1080"})
    return r.text


async def port_in_key(url):
    r = requests.get(url, proxies={"http://example.com:8080": "http://127.0.0.1:3128"})
    return r.text


async def ranked_differently(url):
    r = requests.get(url, proxies={"https": "http://127.0.0.1:3128", "all://example.com": "http://127.0.0.1:3129"})
    return r.text


async def proxy_key(url, host):
    r = requests.get(url, proxies={f"http://{host}": "http://127.0.0.1:3128"})
    return r.text
