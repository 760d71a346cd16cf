import asyncio


async def ask(bot, ctx):
    msg = await bot.wait_for("message", check=lambda m: m.author == ctx.author)
    return msg.content


async def quiz(bot, ctx, prompt):
    answer = await ask(bot, ctx)
    await prompt.delete()
    return answer


async def quiz_score(bot, ctx, user_id):
    answer = await ask(bot, ctx)
    score = await compute_score(user_id)
    return answer, score
