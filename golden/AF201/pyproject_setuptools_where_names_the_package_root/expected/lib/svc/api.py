async def call(name):
    return name
