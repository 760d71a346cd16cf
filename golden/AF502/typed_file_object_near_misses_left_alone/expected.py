import io
from typing import TextIO


class Stream:
    def read(self):
        return ""


async def descriptor(f: TextIO):
    return f.fileno(), f.name, f.isatty()


async def sync_helper_inside(f: TextIO):
    def helper():
        return f.read()
    return helper


async def rebound(f: TextIO, path):
    f = make_async_file(path)
    return await f.read()


async def not_a_file(f: Stream):
    return f.read()


async def awaited(f: io.TextIOWrapper):
    return await f.read()


def sync_reader(f: TextIO):
    return f.read()
