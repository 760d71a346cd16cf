import aiofiles.threadpool
import anyio
import trio
from trio import wrap_file


async def read_all(p, q, r, s):
    a = await trio.wrap_file(open(p)).read()
    b = await anyio.wrap_file(open(q, "rb")).read()
    c = aiofiles.threadpool.wrap(open(r))
    d = wrap_file(open(s))
    async with trio.wrap_file(open(p)) as f:
        e = await f.read()
    return a, b, c, d, e
