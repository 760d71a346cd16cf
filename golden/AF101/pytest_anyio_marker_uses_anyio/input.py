import time

import pytest


@pytest.mark.anyio
async def test_x(tmp_path):
    time.sleep(0.01)
