# coding: UTF_8
import time
import asyncio


async def café():
    await asyncio.sleep(1)
