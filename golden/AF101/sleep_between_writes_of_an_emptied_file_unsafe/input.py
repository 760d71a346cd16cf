import time
import json


class Store:
    async def save(self, a, b):
        with open(self.path, "w") as f:
            f.write(a)
            time.sleep(0.1)
            f.write(b)


async def dump(state):
    with open("state.json", "w") as f:
        for chunk in json.JSONEncoder().iterencode(state):
            f.write(chunk)
            time.sleep(0)
