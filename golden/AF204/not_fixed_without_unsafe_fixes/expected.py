import asyncio


async def refresh(n):
    return n


async def main():
    asyncio.run(refresh(1))
    value = asyncio.run(refresh(2))
    asyncio.run(refresh(3)).bit_length()
    return value


def entry():
    asyncio.run(main())


if __name__ == "__main__":
    asyncio.run(main())
