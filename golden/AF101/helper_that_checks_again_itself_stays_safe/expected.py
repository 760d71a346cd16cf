import time
import asyncio


class Player:
    def __init__(self):
        self.clients = {}

    def client(self, key):
        if key not in self.clients:
            self.clients[key] = object()
        return self.clients[key]

    def add(self, key):
        self.clients[key] = object()

    async def play(self, key):
        c = self.client(key)
        await asyncio.sleep(0.01)
        return c, self.client(key)

    async def reset(self, key):
        c = self.client(key)
        time.sleep(0.01)
        self.add(key)
        return c
