import asyncio


def load(path):
    loop = asyncio.get_running_loop()
    with open(path, encoding="utf-8") as f:
        return loop.time(), f.read()


async def main(path):
    started, text = load(path)
    return started, text
