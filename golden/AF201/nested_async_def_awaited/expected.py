async def outer():
    async def step():
        return 1

    await step()
    return 0
