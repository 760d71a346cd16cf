import flags.__debug__
from __debug__ import level
from flags import __debug__ as debug_flag
import asyncio


def window(rows: list[1:10], *args: *tuple[int, ...], **kwargs: dict[str, int]) -> dict[0:1]:
    return rows


def span(*items: *Shapes): ...


async def tick(*delays, **options):
    await asyncio.sleep(1)
