async def outer():
    async def step():
        return 1

    step()
    return 0
