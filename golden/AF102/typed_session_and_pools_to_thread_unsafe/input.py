from typing import Optional

import requests
import urllib3
from urllib3 import HTTPSConnectionPool

session: requests.Session = requests.Session()


async def status(url):
    return session.get(url).status_code


async def pooled(pool: urllib3.PoolManager, url):
    return pool.request("GET", url).data


async def one_host(pool: Optional[HTTPSConnectionPool], path):
    return pool.urlopen("GET", path).status


async def plain_host(pool: "urllib3.HTTPConnectionPool", path):
    return pool.request("GET", path).status
