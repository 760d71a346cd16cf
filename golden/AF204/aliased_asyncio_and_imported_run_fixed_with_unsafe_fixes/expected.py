

async def refresh(n):
    return n


async def main():
    await refresh(1)
    value = await refresh(2)
    return value
