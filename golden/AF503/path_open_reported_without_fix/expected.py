from pathlib import Path


async def load(name):
    with Path(name).open() as f:
        return f.read()
