from pathlib import Path


async def load(p: Path):
    with p.open() as f:
        return f.read()
