import requests


async def post_status(embed, url):
    r = requests.get(url)
    embed.add_field(r=r.status_code, value="ok")
    return r.status_code
