import typing
from typing import Optional, Union

import httpx
from httpx import Client
import asyncio


async def plain(client: httpx.Client, url):
    return (await asyncio.to_thread(client.get, url)).json()


async def optional(url, client: Optional[httpx.Client] = None):
    return (await asyncio.to_thread(client.post, url, json={})).status_code


async def pipe_none(client: httpx.Client | None, url):
    r = await asyncio.to_thread(client.put, url)
    return r


async def union_none(client: typing.Union[None, Client], request: httpx.Request):
    return await asyncio.to_thread(client.send, request)


async def string(client: "httpx.Client", url):
    await asyncio.to_thread(client.delete, url)
    await asyncio.to_thread(client.close)


async def local(url):
    client: httpx.Client = make_client()
    return await asyncio.to_thread(client.head, url)
