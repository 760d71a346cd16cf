import asyncio


async def fill(ctx, uid):
    ctx.user = await get_user(uid)
    ctx.posts = await get_posts(ctx)
