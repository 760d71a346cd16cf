import asyncio
from pathlib import Path


async def load(p: Path, out: Path = Path("out.txt")):
    text = p.read_text(encoding="utf-8")
    out.write_text(text.upper())
    return text
