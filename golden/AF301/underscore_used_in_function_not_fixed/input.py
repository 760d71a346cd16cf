import asyncio


async def greet(uid, page_id, _):
    name = await get_name(uid)
    await check_visit(page_id)
    return _("hello") + name
