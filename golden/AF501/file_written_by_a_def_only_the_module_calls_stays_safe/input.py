import json

CONFIG = "config.json"


def load():
    with open(CONFIG, "w") as f:
        json.dump({}, f)


load()


async def handler():
    with open(CONFIG) as f:
        return json.load(f)
