import asyncio


async def signup(form):
    account, _, quota = await asyncio.gather(create_account(form), log_signup(form.email), default_quota())
    return account, quota
