def open(path, mode="r"):
    return path


async def load(path):
    return open(path).read()
