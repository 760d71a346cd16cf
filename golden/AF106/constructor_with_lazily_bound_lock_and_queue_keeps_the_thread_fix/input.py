import asyncio
import json


class Config:
    def __init__(self, name):
        self.name = name
        self.lock = asyncio.Lock()
        self.pending = asyncio.Queue()
        self.load_from_file()

    def load_from_file(self):
        try:
            with open(self.name, encoding="utf-8") as f:
                self._db = json.load(f)
        except FileNotFoundError:
            self._db = {}


async def setup_hook():
    prefixes = Config("prefixes.json")
    return prefixes._db
