import asyncio


async def signup(form, referrer):
    account, _, quota = await asyncio.gather(find_account(form), check_referrer(referrer), get_default_quota())
    return account, quota
