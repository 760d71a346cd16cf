import requests


async def fetch(url):
	if url:
		r = requests.get(url)
		return r.content
