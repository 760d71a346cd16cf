import asyncio


async def signup(form, referrer):
    account = await create_account(form)
    await log_signup(referrer)
    quota = await default_quota()
    return account, quota
