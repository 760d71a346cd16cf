import asyncio


async def handle(ctx):
    await log_action(ctx, "start")
    await update_stats(ctx)


async def pages(session):
    first = await fetch_page(session, 1)
    second = await fetch_page(session, 2)
    return first, second
