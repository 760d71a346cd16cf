import json


async def record(event, state):
    with open("events.log", "a") as f:
        f.write(json.dumps(event) + "\n")
    with open("events.log", "a") as f:
        f.write(json.dumps(state) + "\n")
