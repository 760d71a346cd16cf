import json
from pathlib import Path

DATA = Path(__file__).parent / "data"


async def load(name):
    with Path(name).open() as f:
        return f.read()


async def load_json(p: Path):
    with p.open(encoding="utf-8") as f:
        return json.load(f)


async def append(p: Path, line):
    with p.open("a"):
        pass
    with (
        p  # the log
    ).open("a") as log:
        log.write(line)


async def copy(src: Path, dst: Path):
    with src.open("rb") as f, (dst / "copy").open("wb") as g:
        g.write(f.read())


async def lines():
    with DATA.open() as f:
        async_lines = []
        for line in f:
            async_lines.append(line)
        return async_lines
