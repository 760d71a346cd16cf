async def first_two(path):
    with open(path) as f:
        return next(f), next(iter(f))
