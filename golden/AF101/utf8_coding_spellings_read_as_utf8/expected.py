# -*- coding: utf8 -*-
import time
import asyncio


async def naïve():
    await asyncio.sleep(1)  # été — 😀
