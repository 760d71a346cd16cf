import time

from twisted.internet import defer, task


async def poll(reactor):
    # Twisted's reactor drives this coroutine (ensureDeferred): an
    # asyncio.sleep would find no running asyncio loop
    time.sleep(0.5)
    return 1


def main(reactor):
    return defer.ensureDeferred(poll(reactor))


if __name__ == "__main__":
    task.react(main)
