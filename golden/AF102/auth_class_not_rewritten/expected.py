import requests
from requests.auth import HTTPDigestAuth


async def fetch(url):
    r = requests.get(url, auth=HTTPDigestAuth("u", "p"))
    return r.text
