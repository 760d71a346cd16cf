import requests
from mylib import ClientSession


async def fetch(session: ClientSession, url):
    with session.get(url) as r:
        return r.text


async def blocking(session: requests.Session, url):
    with session.get(url) as r:
        return r.text
