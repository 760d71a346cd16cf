import anyio


async def main():
    await anyio.sleep(1)


anyio.run(main)
