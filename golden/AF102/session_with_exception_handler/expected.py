import httpx


async def crawl(url):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as s:
        try:
            return (await s.get(url)).json()
        except (httpx.NetworkError, httpx.RemoteProtocolError, httpx.ProxyError, httpx.ConnectTimeout):
            return None
