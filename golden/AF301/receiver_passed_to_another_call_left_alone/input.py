import asyncio


async def create_game(msg, account):
    return await account.new_game(msg)


async def start(msg, account):
    await create_game(msg, account)
    await account.logout()


async def show_game(msg, account):
    game = await get_game(msg, account)
    balance = await account.fetch_balance()
    return game, balance
