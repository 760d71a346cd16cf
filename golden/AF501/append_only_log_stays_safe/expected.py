import json
import aiofiles


async def record(event, state):
    async with aiofiles.open("events.log", "a") as f:
        await f.write(json.dumps(event) + "\n")
    async with aiofiles.open("events.log", "a") as f:
        await f.write(json.dumps(state) + "\n")
