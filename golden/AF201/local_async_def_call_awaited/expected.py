import asyncio


async def save(record):
    await asyncio.sleep(0)
    print("saved", record)


async def main():
    await save("a")  # the coroutine is dropped
    print("done")
    if True:
        await save("b")


asyncio.run(main())
