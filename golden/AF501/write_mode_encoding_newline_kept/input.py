"""Writes a report."""
import asyncio


async def save(path, lines):
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("header\n")
        out.writelines(lines)
        out.flush()
