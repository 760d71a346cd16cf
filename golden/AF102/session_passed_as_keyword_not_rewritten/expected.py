import requests


async def sync_all(base, helper):
    with requests.Session() as s:
        helper(session=s)
        return s.get(base + "/all").json()
