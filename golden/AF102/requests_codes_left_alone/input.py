import requests


async def is_ok(status):
    return status == requests.codes.ok
