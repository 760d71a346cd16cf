import trio


async def main():
    await trio.sleep(1)


trio.run(main)
