import requests
import asyncio


async def fetch(session: requests.Session, url):
    return (await asyncio.to_thread(session.get, url)).text
