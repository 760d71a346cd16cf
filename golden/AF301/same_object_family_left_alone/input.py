import asyncio


class Bot:
    async def setup_tables(self):
        await self.db.bank.create_table()
        await self.db.inv.create_table()

    async def members(self, ctx):
        author = await ctx.author.fetch_profile()
        guild = await ctx.guild.fetch_settings()
        return author, guild
