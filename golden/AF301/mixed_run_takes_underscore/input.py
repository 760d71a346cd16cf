import asyncio


async def signup(form):
    account = await create_account(form)
    await log_signup(form.email)
    quota = await default_quota()
    return account, quota
