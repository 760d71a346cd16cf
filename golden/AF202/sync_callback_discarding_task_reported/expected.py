import asyncio


async def reload_config():
    await asyncio.sleep(0)


def on_signal():
    # a loop callback: the task is as unreferenced here as in an async def
    asyncio.create_task(reload_config())


def on_timer(loop):
    loop.create_task(reload_config())


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(on_signal)
    loop.call_later(1, on_timer, loop)
    await asyncio.sleep(2)
