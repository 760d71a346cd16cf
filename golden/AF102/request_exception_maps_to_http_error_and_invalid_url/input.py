import requests
from requests.exceptions import RequestException


async def item(name):
    try:
        r = requests.get("https://api.example.com/items/" + name, timeout=5)
    except requests.RequestException as e:
        return "failed: " + type(e).__name__
    return r.json()


async def page(n):
    try:
        r = requests.get(f"http://127.0.0.1:8080/pages/{n}")
    except (requests.Timeout, RequestException):
        return None
    return r.content


async def ping():
    try:
        r = requests.request("HEAD", url="http://localhost:65535")
    except (requests.exceptions.RequestException) as e:
        return str(e)
    return r.status_code
