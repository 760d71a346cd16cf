import asyncio


async def relay(inbox, outbox):
    item = await inbox.get()
    await outbox.put(item)
    await outbox.join()
    other = await inbox.get()
    return other
