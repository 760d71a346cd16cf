from typing import TYPE_CHECKING
import aiofiles

if TYPE_CHECKING:
    import aiofiles


async def load(path):
    async with aiofiles.open(path) as f:
        return await f.read()
