import asyncio
import time

import pytest


@pytest.mark.trio
async def test_x():
    time.sleep(0.01)
