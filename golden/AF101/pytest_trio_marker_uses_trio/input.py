import time

import pytest

pytestmark = pytest.mark.trio


async def test_x():
    time.sleep(0.01)
