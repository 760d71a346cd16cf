import json


async def settings(key):
    with open("config.json") as f:
        config = json.load(f)
    with open("config.json") as f:
        raw = f.read()
    return config[key], len(raw)
