import pytest
import trio

pytestmark = pytest.mark.trio


async def test_x():
    await trio.sleep(0.01)
