#!/usr/bin/env python3
import time


async def first():
    time.sleep(1)


async def second():
    time.sleep(2)
