import httpx
from mylib import Client


class Session:
    def get(self, url):
        return url


async def rebound(client: httpx.Client, url):
    client = httpx.AsyncClient()
    return await client.get(url)


async def other_client(client: Client, url):
    return client.get(url)


async def local_class(session: Session, url):
    return session.get(url)


async def async_client(client: httpx.AsyncClient, url):
    return await client.get(url)


async def two_types(client: httpx.Client | int, url):
    return client.get(url)


async def shadowed(url):
    httpx = make()
    client: httpx.Client = httpx.Client()
    return client.get(url)
