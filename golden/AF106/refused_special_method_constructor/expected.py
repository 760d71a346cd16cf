import sqlite3
import asyncio


class Store:
    def __init__(self, path):
        self.rows = open(path).readlines()


async def load(path):
    store = await asyncio.to_thread(Store, path)
    return store.rows
