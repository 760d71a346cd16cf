import asyncio
import time


class Bot:
    def __init__(self):
        self.xp = {}


async def on_message(bot, user):
    current = bot.xp.get(user, 0)
    time.sleep(0.01)  # simulate slow scoring
    bot.xp[user] = current + 10


async def command(ctx):
    n = ctx.bot.uses
    time.sleep(0.01)
    ctx.bot.uses = n + 1


async def greet(bot, user):
    name = bot.names.get(user, user)
    time.sleep(0.01)
    bot.greeted.append(name)


async def rebind(bot):
    old = bot
    time.sleep(0.01)
    bot = old
    return bot


async def main():
    bot = Bot()
    await asyncio.gather(*(on_message(bot, "alice") for _ in range(5)))
    print(bot.xp)


asyncio.run(main())
