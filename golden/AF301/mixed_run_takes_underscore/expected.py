import asyncio


async def signup(form):
    account, _, quota = await asyncio.gather(create_account(form), send_welcome(form.email), default_quota())
    return account, quota
