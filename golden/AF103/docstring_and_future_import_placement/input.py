"""Build helpers."""
from __future__ import annotations

import subprocess


async def build(cmd: list[str]) -> None:
    subprocess.run(cmd)
