import asyncio


async def greet_all(ctx, members):
    sent = []
    for member in members:
        sent.append(await greet(ctx, member))
    return sent


async def convert_all(ctx, values):
    return [await convert(ctx, value) for value in values]
