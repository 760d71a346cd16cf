import requests


async def send(url):
    r = requests.post(
        url,
        data="""line one
line two""",
    )
    return r.status_code
