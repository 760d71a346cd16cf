from api import deploy
import asyncio


async def on_command(tag):
    await asyncio.to_thread(deploy, tag)
