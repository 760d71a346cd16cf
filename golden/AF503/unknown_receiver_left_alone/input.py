from pathlib import Path


async def load(p, q: Path):
    a = p.read_text()
    q = q.with_suffix(".bak")
    b = q.read_text()
    c = Path("x")
    c = c.parent
    return a, b, c.read_text()
