async def local_open(path, open):
    with open(path) as f:
        return f.read()
