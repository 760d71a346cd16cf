import json
from pathlib import Path


async def add_points(user):
    data = json.loads(Path("points.json").read_text())
    data[user] = data.get(user, 0) + 1
    Path("points.json").write_text(json.dumps(data))
