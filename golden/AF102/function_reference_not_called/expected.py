import requests


async def main():
    fn = requests.get
    return fn
