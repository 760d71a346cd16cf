async def total(path):
    with open(path) as f:
        return sum(len(line) for line in f)
