# -*- coding: utf8 -*-
import asyncio


async def naïve():
    await asyncio.sleep(1)  # été — 😀
