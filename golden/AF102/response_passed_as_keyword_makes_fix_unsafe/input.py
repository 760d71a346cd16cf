import requests


async def post_status(embed, url):
    r = requests.get(url)
    embed.add_field(name="status", value=r)
    return r.status_code
