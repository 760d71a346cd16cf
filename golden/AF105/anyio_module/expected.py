import socket

import anyio
import functools


async def resolve(host):
    addr = await anyio.to_thread.run_sync(functools.partial(socket.gethostbyname, host))
    await anyio.sleep(0)
    return addr
