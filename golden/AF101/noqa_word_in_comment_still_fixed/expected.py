import asyncio


async def main():
    await asyncio.sleep(1)  # no noqa here: this must be fixed
