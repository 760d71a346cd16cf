# coding: UTF_8
import time


async def café():
    time.sleep(1)
