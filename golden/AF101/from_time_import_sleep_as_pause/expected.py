from time import sleep as pause
import asyncio


async def main():
    await asyncio.sleep(0.5)
