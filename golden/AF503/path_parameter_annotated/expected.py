import asyncio
from pathlib import Path


async def load(p: Path, out: Path = Path("out.txt")):
    text = await asyncio.to_thread(p.read_text, encoding="utf-8")
    await asyncio.to_thread(out.write_text, text.upper())
    return text
