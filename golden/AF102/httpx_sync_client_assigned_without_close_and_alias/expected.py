import httpx as hx


async def fetch(urls):
    async with hx.AsyncClient() as client:
        for u in urls:
            print((await client.request("GET", u)).status_code)
        await client.delete(urls[0])
    print("done")
