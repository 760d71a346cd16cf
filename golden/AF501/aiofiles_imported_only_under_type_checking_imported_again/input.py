from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import aiofiles


async def load(path):
    with open(path) as f:
        return f.read()
