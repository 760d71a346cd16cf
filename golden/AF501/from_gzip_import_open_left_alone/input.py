from gzip import open


async def unzip(path):
    with open(path) as f:
        return f.read()
