import json

with open("settings.json") as f:
    SETTINGS = json.load(f)


async def setting(name):
    return SETTINGS[name]
