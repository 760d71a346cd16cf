import io
import sys
import typing
from typing import IO, Optional, TextIO
import asyncio

LOG: TextIO = sys.stderr


async def copy(src: typing.BinaryIO | None, dst: io.BufferedWriter):
    data = await asyncio.to_thread(src.read)
    await asyncio.to_thread(dst.write, data)
    await asyncio.to_thread(dst.flush)


async def lines(f: io.TextIOWrapper):
    return await asyncio.to_thread(f.readlines)


async def seek_start(f: "IO[bytes]"):
    await asyncio.to_thread(f.seek, 0)
    return await asyncio.to_thread(f.tell)


async def log(message, out: Optional[TextIO] = None):
    await asyncio.to_thread(LOG.write, message + "\n")
    await asyncio.to_thread(out.write, message)
