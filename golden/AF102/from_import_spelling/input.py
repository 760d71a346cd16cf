from requests import get as fetch_url


async def load(url):
    page = fetch_url(url).content
    return page
