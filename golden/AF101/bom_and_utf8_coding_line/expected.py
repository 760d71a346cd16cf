# coding: UTF_8
import asyncio


async def café():
    await asyncio.sleep(1)
