import asyncio
import os


async def main():
    await asyncio.sleep(0)


if __name__ == "__main__":
    os.system("clear")
    asyncio.run(main())
