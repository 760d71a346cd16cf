async def count():
    return [3, 4]


async def main():
    print(await count())
    first = (await count())[0]
    total = len(await count()) ** 2
    return first, total
