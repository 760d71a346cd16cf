import pytest
import anyio


@pytest.mark.anyio
async def test_x(tmp_path):
    await anyio.sleep(0.01)
