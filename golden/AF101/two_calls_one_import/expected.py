#!/usr/bin/env python3
import asyncio


async def first():
    await asyncio.sleep(1)


async def second():
    await asyncio.sleep(2)
