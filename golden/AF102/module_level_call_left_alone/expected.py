import requests

CONFIG = requests.get("http://127.0.0.1/config").json()


async def main():
    return CONFIG
