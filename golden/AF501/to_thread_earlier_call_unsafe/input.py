import asyncio
import pathlib


async def load(path, log):
    with open(path) as f:
        return log("reading") or f.read()


async def load_plain(path, header):
    with open(path) as f:
        return header() + f.read()
