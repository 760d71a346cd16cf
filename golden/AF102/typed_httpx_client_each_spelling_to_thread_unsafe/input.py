import typing
from typing import Optional, Union

import httpx
from httpx import Client


async def plain(client: httpx.Client, url):
    return client.get(url).json()


async def optional(url, client: Optional[httpx.Client] = None):
    return client.post(url, json={}).status_code


async def pipe_none(client: httpx.Client | None, url):
    r = client.put(url)
    return r


async def union_none(client: typing.Union[None, Client], request: httpx.Request):
    return client.send(request)


async def string(client: "httpx.Client", url):
    client.delete(url)
    client.close()


async def local(url):
    client: httpx.Client = make_client()
    return client.head(url)
