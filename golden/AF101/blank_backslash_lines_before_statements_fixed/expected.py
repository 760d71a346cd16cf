import asyncio


async def poll(ready):
    if ready:
        \
  await asyncio.sleep(1)
    while not ready:
\
        await asyncio.sleep(0.5)
    await asyncio.sleep(2)
