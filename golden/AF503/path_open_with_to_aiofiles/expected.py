import json
from pathlib import Path
import aiofiles

DATA = Path(__file__).parent / "data"


async def load(name):
    async with aiofiles.open(Path(name)) as f:
        return await f.read()


async def load_json(p: Path):
    async with aiofiles.open(p, encoding="utf-8") as f:
        return json.loads(await f.read())


async def append(p: Path, line):
    async with aiofiles.open(p, "a"):
        pass
    async with aiofiles.open((
        p  # the log
    ), "a") as log:
        await log.write(line)


async def copy(src: Path, dst: Path):
    async with aiofiles.open(src, "rb") as f, aiofiles.open((dst / "copy"), "wb") as g:
        await g.write(await f.read())


async def lines():
    async with aiofiles.open(DATA) as f:
        async_lines = []
        async for line in f:
            async_lines.append(line)
        return async_lines
