import asyncio


async def signup(form, referrer):
    account = await find_account(form)
    await check_referrer(referrer)
    quota = await get_default_quota()
    return account, quota
