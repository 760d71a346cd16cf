from pathlib import Path
import aiofiles

COUNTER = Path(__file__).parent / "counter"


async def bump():
    with COUNTER.open() as f:
        n = int(f.read())
    with COUNTER.open("w") as f:
        f.write(str(n + 1))


async def bump_mode_keyword(p: Path):
    with p.open(mode="r") as f:
        n = int(f.read())
    with (p.open)(mode="w") as f:
        f.write(str(n + 1))


async def read_only(p: Path, q: Path):
    async with aiofiles.open(p) as f:
        a = await f.read()
    async with aiofiles.open(q) as g:
        b = await g.read()
    return a + b
