import asyncio


async def handle(ctx):
    await log_action(ctx, "start")
    await update_stats(ctx)


async def pages(session):
    first = await fetch_page(session, 1)
    second = await fetch_page(session, 2)
    return first, second


async def stats(ctx):
    log = await get_log(ctx)
    count = await count_messages(ctx)
    return log, count
