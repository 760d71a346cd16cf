import io
import os
from io import open as io_open


async def load(path, fd):
    with io.open(path, encoding="utf-8") as f:
        text = f.read()
    with io_open(path, "rb") as raw:
        head = raw.read(16)
    with os.fdopen(fd, "r", -1, "utf-8") as g:
        rest = g.readline()
    return text, head, rest
