import json
import os
import tempfile
import uuid


async def roundtrip(obj):
    path = os.path.join(tempfile.gettempdir(), uuid.uuid4().hex + ".json")
    with open(path, "w") as f:
        json.dump(obj, f)
    with open(path) as f:
        return json.load(f)
