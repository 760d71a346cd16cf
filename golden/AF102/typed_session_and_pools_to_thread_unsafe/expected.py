from typing import Optional

import requests
import urllib3
from urllib3 import HTTPSConnectionPool
import asyncio

session: requests.Session = requests.Session()


async def status(url):
    return (await asyncio.to_thread(session.get, url)).status_code


async def pooled(pool: urllib3.PoolManager, url):
    return (await asyncio.to_thread(pool.request, "GET", url)).data


async def one_host(pool: Optional[HTTPSConnectionPool], path):
    return (await asyncio.to_thread(pool.urlopen, "GET", path)).status


async def plain_host(pool: "urllib3.HTTPConnectionPool", path):
    return (await asyncio.to_thread(pool.request, "GET", path)).status
