import aiofiles


def read(path):
    with aiofiles.open(path) as f:
        return f


async def outer(path):
    def inner():
        with aiofiles.open(path) as f:
            return f
    return inner
