import asyncio


class Bot:
    async def setup_tables(self):
        await self.db.bank.create_table()
        await self.db.inv.create_table()

    async def members(self, ctx):
        author = await ctx.author.fetch_profile()
        guild = await ctx.guild.fetch_settings()
        return author, guild


class Ledger:
    async def totals(self):
        bank = await self.db.bank.get_total()
        inv = await self.db.inv.get_items()
        return bank, inv

