async def outer(path):
    def helper():
        with open(path) as f:
            return f.read()
    return helper()
