# -*- coding: utf8 -*-
import time


async def naïve():
    time.sleep(1)  # été — 😀
