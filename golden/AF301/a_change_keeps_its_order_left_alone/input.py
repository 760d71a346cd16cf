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
    await member.add_roles(role)
    zone = await reminder.get_timezone(author_id)
    return zone


async def handle_encryption(state_store, bridge, room_id, content):
    await state_store.set_encryption_info(room_id, content)
    portal = await bridge.get_portal(room_id)
    return portal


async def update_admin(data, account):
    await update_admin_settings(data)
    settings = await get_admin_settings(account.is_super_user)
    return settings


async def pay(client, invoice):
    before = await get_node_balance()
    response = await client.post("/api/v1/payments", json=invoice)
    return before, response


async def next_address(wallet, store, wallet_id):
    await wallet.get_puzzle_hash(new=True)
    index = await store.get_derivation_index(wallet_id)
    return index
