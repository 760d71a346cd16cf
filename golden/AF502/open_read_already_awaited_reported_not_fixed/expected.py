async def load(path):
    return await open(path).read()


async def load_parenthesized(path):
    return (await open(path).read()).strip()
