import requests


async def main(requests):
    return requests.get("job")
