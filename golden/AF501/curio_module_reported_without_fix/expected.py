import curio


async def load(path):
    # curio's kernel runs this: aiofiles needs an asyncio loop
    with open(path) as f:
        return f.read()


if __name__ == "__main__":
    print(curio.run(load, __file__)[:10])
