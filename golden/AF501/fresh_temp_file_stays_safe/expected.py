import json
import os
import tempfile
import uuid
import aiofiles


async def roundtrip(obj):
    path = os.path.join(tempfile.gettempdir(), uuid.uuid4().hex + ".json")
    async with aiofiles.open(path, "w") as f:
        await f.write(json.dumps(obj))
    async with aiofiles.open(path) as f:
        return json.loads(await f.read())
