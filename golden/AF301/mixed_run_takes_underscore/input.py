import asyncio


async def signup(form):
    account = await create_account(form)
    await send_welcome(form.email)
    quota = await default_quota()
    return account, quota
