"""Writes a report."""
import asyncio
import aiofiles


async def save(path, lines):
    async with aiofiles.open(path, "w", encoding="utf-8", newline="") as out:
        await out.write("header\n")
        await out.writelines(lines)
        await out.flush()
