"""Build helpers."""
from __future__ import annotations

import subprocess
import asyncio


async def build(cmd: list[str]) -> None:
    await asyncio.to_thread(subprocess.run, cmd)
