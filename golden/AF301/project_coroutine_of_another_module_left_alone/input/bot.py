import asyncio

from helpers import check_user, ensure_account


async def balance(ctx, member):
    await ensure_account(member.id)
    wallet = await check_user(member.id)
    return wallet
