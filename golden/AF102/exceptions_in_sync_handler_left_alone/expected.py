import requests


def fetch(url):
    try:
        return requests.get(url).text
    except requests.exceptions.Timeout:
        return None


async def main(url):
    return fetch(url)
