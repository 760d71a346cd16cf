import asyncio
from asyncio import create_task

pending = []


def load(path):
    loop = asyncio.get_running_loop()
    with open(path, encoding="utf-8") as f:
        return loop.time(), f.read()


def watch(path):
    return refresh(path)


def refresh(path):
    pending.append(create_task(asyncio.sleep(0)))
    with open(path, encoding="utf-8") as f:
        return f.read()


async def main(path):
    started, text = load(path)
    again = watch(path)
    return started, text, again
