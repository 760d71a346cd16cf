import urllib3
import urllib3.connectionpool
from requests.sessions import Session
from urllib3.poolmanager import PoolManager, ProxyManager
import asyncio


async def via_proxy(proxy: ProxyManager, url):
    return (await asyncio.to_thread(proxy.request, "GET", url)).status


async def one_host(pool: urllib3.connectionpool.HTTPSConnectionPool | None, path):
    return (await asyncio.to_thread(pool.urlopen, "GET", path)).data


async def manager(pool: "PoolManager", s: Session, url):
    await asyncio.to_thread(s.get, url)
    return (await asyncio.to_thread(pool.request, "GET", url)).status


async def made_here(url):
    proxy = urllib3.proxy_from_url("http://proxy:3128")
    return (await asyncio.to_thread(proxy.request, "GET", url)).status


async def not_a_pool(pool: urllib3.connectionpool.ConnectionPool, url):
    return pool.close()
