import asyncio


async def job():
    return 1


async def main():
    def in_thread():
        # runs in a worker thread, which has no running loop
        return asyncio.run(job())

    return await asyncio.to_thread(in_thread)
