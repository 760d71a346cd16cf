import httpx as hx
import requests as rq


async def load(url):
    return rq.get(url).content
