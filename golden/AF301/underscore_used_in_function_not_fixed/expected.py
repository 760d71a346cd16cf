import asyncio


async def greet(uid, _):
    name = await get_name(uid)
    await log_visit(uid)
    return _("hello") + name
