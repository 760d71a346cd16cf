import requests


async def fetch(session: requests.Session, url):
    return session.get(url).text
