async def fetch():
    return 1


def fetch():
    return 3


async def notify():
    return 2


async def main():
    if fetch() > 2:
        print("sync fetch")


async def local_sync():
    def notify():
        return 4

    return notify() + 1


async def local_variable():
    notify = len
    return notify("abc") + 1
