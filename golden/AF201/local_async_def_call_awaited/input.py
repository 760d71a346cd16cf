import asyncio


async def save(record):
    await asyncio.sleep(0)
    print("saved", record)


async def main():
    save("a")  # the coroutine is dropped
    print("done")
    if True:
        save("b")


asyncio.run(main())
