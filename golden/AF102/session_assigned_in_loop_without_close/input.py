import requests


async def fetch_all(urls):
    out = []
    session = requests.Session()
    for url in urls:
        out.append(session.get(url).json())
    print(len(out))
    return out
