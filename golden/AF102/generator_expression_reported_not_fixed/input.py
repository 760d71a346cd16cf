import requests


async def main(urls):
    return list(requests.get(u).status_code for u in urls)
