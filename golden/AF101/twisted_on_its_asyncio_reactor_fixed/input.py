import time

from twisted.internet import asyncioreactor

asyncioreactor.install()

from twisted.internet import defer  # noqa: E402


async def poll():
    # the asyncio reactor: Twisted runs on asyncio's loop, asyncio.sleep works
    time.sleep(0.5)
    return 1


def main():
    return defer.ensureDeferred(poll())
