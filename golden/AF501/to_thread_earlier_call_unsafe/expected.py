import asyncio
import pathlib


async def load(path, log):
    with open(path) as f:
        return log("reading") or f.read()


async def load_plain(path, header):
    return header() + await asyncio.to_thread(pathlib.Path(path).read_text)
