import httpx


async def sync_both(base):
    try:
        async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
            a = await client.get(base + "/a")
            b = await client.get(base + "/b")
        return not a.is_error and not b.is_error
    except (httpx.NetworkError, httpx.RemoteProtocolError, httpx.ProxyError, httpx.ConnectTimeout):
        return 0
    except httpx.TimeoutException:
        return 1
    except httpx.TooManyRedirects:
        return 2
    except httpx.HTTPStatusError:
        return 3
    except (httpx.NetworkError, httpx.RemoteProtocolError, httpx.ProxyError, httpx.ConnectTimeout):
        return 4
    except httpx.TimeoutException:
        return 5
    except httpx.TooManyRedirects:
        return 6
    except httpx.HTTPStatusError:
        return 7
    except (httpx.NetworkError, httpx.RemoteProtocolError, httpx.ProxyError, httpx.ConnectTimeout):
        return 8
    except httpx.TimeoutException:
        return 9
    except httpx.TooManyRedirects:
        return 10
    except httpx.HTTPStatusError:
        return 11
    except (httpx.NetworkError, httpx.RemoteProtocolError, httpx.ProxyError, httpx.ConnectTimeout):
        return 12
    except httpx.TimeoutException:
        return 13
    except httpx.TooManyRedirects:
        return 14
    except httpx.HTTPStatusError:
        return 15
    except (httpx.NetworkError, httpx.RemoteProtocolError, httpx.ProxyError, httpx.ConnectTimeout):
        return 16
    except httpx.TimeoutException:
        return 17
    except httpx.TooManyRedirects:
        return 18
    except httpx.HTTPStatusError:
        return 19
    except (httpx.NetworkError, httpx.RemoteProtocolError, httpx.ProxyError, httpx.ConnectTimeout):
        return 20
    except httpx.TimeoutException:
        return 21
    except httpx.TooManyRedirects:
        return 22
    except httpx.HTTPStatusError:
        return 23
    except (httpx.NetworkError, httpx.RemoteProtocolError, httpx.ProxyError, httpx.ConnectTimeout):
        return 24
    except httpx.TimeoutException:
        return 25
    except httpx.TooManyRedirects:
        return 26
    except httpx.HTTPStatusError:
        return 27
    except (httpx.NetworkError, httpx.RemoteProtocolError, httpx.ProxyError, httpx.ConnectTimeout):
        return 28
    except httpx.TimeoutException:
        return 29
    except httpx.TooManyRedirects:
        return 30
    except httpx.HTTPStatusError:
        return 31
    except (httpx.NetworkError, httpx.RemoteProtocolError, httpx.ProxyError, httpx.ConnectTimeout):
        return 32
    except httpx.TimeoutException:
        return 33
