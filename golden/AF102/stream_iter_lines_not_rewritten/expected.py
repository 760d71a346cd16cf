import requests


async def lines(url):
    r = requests.get(url, stream=True)
    for line in r.iter_lines():
        print(line)
