import json


async def load(path):
    with open(path) as f:
   \
     return json.load(f)
