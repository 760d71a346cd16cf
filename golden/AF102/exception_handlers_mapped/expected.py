import httpx


async def fetch(url):
    try:
        async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
            r = await client.get(url)
        if r.is_error: r.raise_for_status()
    except httpx.TimeoutException:
        return "slow"
    except (httpx.NetworkError, httpx.RemoteProtocolError, httpx.ProxyError, httpx.ConnectTimeout, httpx.TooManyRedirects):
        return "gone"
    except httpx.HTTPStatusError as e:
        return str(e)
    except (httpx.HTTPError, httpx.InvalidURL):
        return "other"
    return r.text
