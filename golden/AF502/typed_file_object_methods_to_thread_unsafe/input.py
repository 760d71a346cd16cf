import io
import sys
import typing
from typing import IO, Optional, TextIO

LOG: TextIO = sys.stderr


async def copy(src: typing.BinaryIO | None, dst: io.BufferedWriter):
    data = src.read()
    dst.write(data)
    dst.flush()


async def lines(f: io.TextIOWrapper):
    return f.readlines()


async def seek_start(f: "IO[bytes]"):
    f.seek(0)
    return f.tell()


async def log(message, out: Optional[TextIO] = None):
    LOG.write(message + "\n")
    out.write(message)
