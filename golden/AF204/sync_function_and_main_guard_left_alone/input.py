import asyncio


async def main():
    await asyncio.sleep(0)


def cli():
    return asyncio.run(main())


class Runner:
    def start(self):
        asyncio.run(main(), debug=True)


if __name__ == "__main__":
    asyncio.run(main())
