async def lazy(path):
    with open(path) as f:
        def rest():
            return f.read()
        return rest()
