from subprocess import check_call as cc
import asyncio


async def deploy(target):
    await asyncio.to_thread(cc, ["rsync", "-a", "dist/", target])
