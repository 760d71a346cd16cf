import requests


async def fetch(url):
    try:
        r = requests.get(url, timeout=5)
    except requests.RequestException as e:
        return "handled " + type(e).__name__
    return r.status_code


async def big_port(path):
    try:
        r = requests.get("http://127.0.0.1:99999/" + path)
    except requests.RequestException:
        return None
    return r.text


async def open_authority(host, port):
    try:
        r = requests.get("http://" + host + ":" + port)
    except requests.RequestException:
        return None
    return r.text


async def user_in_authority(path):
    try:
        r = requests.get("http://user@example.com/" + path)
    except requests.RequestException:
        return None
    return r.text
