async def fetch():
    return "async"
