import asyncio


async def kick(ctx, member):
    await member.kick()
    await ctx.respond("kicked")


async def ban(message, member):
    await member.ban()
    await message.reply("banned")


async def mute(interaction, member, role):
    await member.add_roles(role)
    await interaction.followup.send("muted")
