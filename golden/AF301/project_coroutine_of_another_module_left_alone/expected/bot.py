import asyncio

from helpers import check_user, get_account


async def balance(ctx, member):
    await get_account(member.id)
    wallet = await check_user(member.id)
    return wallet
