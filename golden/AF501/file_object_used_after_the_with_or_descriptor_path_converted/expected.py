import os
import aiofiles


async def show_name(path):
    async with aiofiles.open(path) as f:
        data = await f.read()
    print(f.name)
    return data


async def was_closed(path, text):
    async with aiofiles.open(path, "w") as f:
        await f.write(text)
    closed = f.closed
    del f
    return closed


async def from_os_open(path):
    fd = os.open(path, os.O_RDONLY)
    async with aiofiles.open(fd) as f:
        return await f.read()


async def bytes_literal():
    async with aiofiles.open(b"/etc/hostname", "rb") as f:
        return await f.read()
