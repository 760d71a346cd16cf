import json
import asyncio
import pathlib


class Store:
    async def save(self, data):
        await asyncio.to_thread(pathlib.Path(self.path).write_text, json.dumps(data), encoding="utf-8")
