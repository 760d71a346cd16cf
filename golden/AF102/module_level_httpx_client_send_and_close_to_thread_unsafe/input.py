import httpx

CLIENT = httpx.Client()


async def f(url):
    req = CLIENT.build_request("GET", url)
    r = CLIENT.send(req)
    h = CLIENT.headers
    CLIENT.close()
    with CLIENT.stream("GET", url) as s:
        pass
    return r, h
