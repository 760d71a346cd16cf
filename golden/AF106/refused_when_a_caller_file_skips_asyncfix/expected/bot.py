from api import settle
import asyncio


async def main():
    await asyncio.to_thread(settle)
