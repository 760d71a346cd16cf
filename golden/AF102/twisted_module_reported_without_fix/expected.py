import requests
from twisted.internet import defer, task


async def fetch(url):
    # httpx's AsyncClient runs under asyncio and trio, not Twisted's reactor
    r = requests.get(url, timeout=5)
    return r.status_code


def main(reactor):
    return defer.ensureDeferred(fetch("http://127.0.0.1:1/"))


if __name__ == "__main__":
    task.react(main)
