from pathlib import Path

import trio


async def head(p: str):
    f = trio.wrap_file(Path(p).open())
    return await f.readline()
