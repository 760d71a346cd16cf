import json


class Store:
    async def save(self, data):
        with open(self.path, "w", encoding="utf-8") as f:
            f.write(json.dumps(data))
