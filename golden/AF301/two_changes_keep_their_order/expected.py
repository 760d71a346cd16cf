import asyncio


class Mod:
    async def move_ignored(self, guild_id, settings):
        await self.bot.core_config.guild(guild_id).ignored.set(settings)
        await self.config.guild(guild_id).ignored.clear()

    async def update_playlist(self, playlist, version):
        await playlist.save()
        await self.config.playlist_version.set(version)

    async def clear_rules(self, ctx):
        await self.clear_all_rules()
        await ctx.tick()


async def subscribe(state, user_id):
    await add_subscriber(user_id)
    await state.set_state("subscribed")


async def mute(member, reminder, author_id, role):
    _, zone = await asyncio.gather(member.add_roles(role), reminder.get_timezone(author_id))
    return zone


async def handle_encryption(state_store, bridge, room_id, content):
    await state_store.set_encryption_info(room_id, content)
    portal = await bridge.get_portal(room_id)
    return portal
