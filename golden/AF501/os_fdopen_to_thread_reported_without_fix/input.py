import os


async def load(fd, path):
    with os.fdopen(fd) as f:
        data = f.read()
    with open(path) as g:
        more = g.read()
    return data, more
