async def fetch():
    return 1


async def notify():
    return 2


def fetch():
    return 3


async def main():
    fetch()


async def local_sync():
    def notify():
        return 4

    notify()


async def local_variable():
    notify = print
    notify()
