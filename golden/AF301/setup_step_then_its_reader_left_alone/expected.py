import asyncio
import json


async def open_account(user):
    with open("bank.json") as f:
        users = json.load(f)
    users.setdefault(str(user.id), {"wallet": 0})
    with open("bank.json", "w") as f:
        json.dump(users, f)


async def check_user(user):
    with open("bank.json") as f:
        return json.load(f)[str(user.id)]


async def balance(ctx, member):
    await open_account(member)
    wallet = await check_user(member)
    return wallet
