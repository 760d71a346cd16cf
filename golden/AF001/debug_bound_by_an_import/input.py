import time
from flags import __debug__


async def tick():
    time.sleep(1)
