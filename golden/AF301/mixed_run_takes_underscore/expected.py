import asyncio


async def signup(form, referrer):
    account, _, quota = await asyncio.gather(create_account(form), log_signup(referrer), default_quota())
    return account, quota
