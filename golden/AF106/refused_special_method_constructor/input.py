import sqlite3


class Store:
    def __init__(self, path):
        self.rows = open(path).readlines()


async def load(path):
    store = Store(path)
    return store.rows
