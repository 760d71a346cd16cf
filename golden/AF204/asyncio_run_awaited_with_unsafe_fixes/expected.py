import asyncio


async def refresh(n):
    return n


async def main():
    await refresh(1)
    value = await refresh(2)
    (await refresh(3)).bit_length()
    return value


def entry():
    asyncio.run(main())


if __name__ == "__main__":
    asyncio.run(main())
