import httpx as hx


async def fetch(urls):
    client = hx.Client()
    for u in urls:
        print(client.request("GET", u).status_code)
    client.delete(urls[0])
    print("done")
