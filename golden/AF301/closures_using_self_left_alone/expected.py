import asyncio


class Network:
    async def maintain(self):
        async def grow_pool():
            await self.spawn(self.next_server())

        async def drop_unhealthy():
            for iface in list(self.interfaces):
                await self.close_interface(iface)

        await grow_pool()
        await drop_unhealthy()

    async def process(self, run_in_thread, chans, nodes):
        def add_chans():
            self.channel_db.add(chans)

        def add_nodes():
            self.channel_db.add(nodes)

        await run_in_thread(add_chans)
        await run_in_thread(add_nodes)
