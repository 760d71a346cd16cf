import asyncio


async def signup(form, referrer):
    account = await find_account(form)
    await log_signup(referrer)
    quota = await get_default_quota()
    return account, quota
