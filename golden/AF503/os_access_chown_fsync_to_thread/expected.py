import os
from os import fsync
import asyncio


async def publish(path, fd, uid, gid):
    if not await asyncio.to_thread(os.access, path, os.W_OK):
        return None
    await asyncio.to_thread(os.chown, path, uid, gid)
    await asyncio.to_thread(fsync, fd)
    await asyncio.to_thread(os.fdatasync, fd)
    return (await asyncio.to_thread(os.statvfs, path)).f_bavail
