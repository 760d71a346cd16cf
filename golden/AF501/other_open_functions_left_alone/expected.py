import asyncio
import codecs
import gzip
import io
import os

import trio


def open_code(path):
    return io.StringIO(path)


async def load(path, fd):
    with gzip.open(path) as f:
        packed = f.read()
    with open_code(path) as g:
        text = g.read()
    with trio.wrap_file(os.fdopen(fd)) as h:
        more = h.name
    reader = await asyncio.to_thread(codecs.open, path)
    return packed, text, more, reader


def sync_load(path, fd):
    with codecs.open(path, "r", "utf-8") as f, os.fdopen(fd) as g:
        return f.read(), g.read()
