# coding: cp1252
import time


async def quote(text):
    # “smart quotes” and € in a cp1252 file — kept byte for byte
    time.sleep(1)
    return "“" + text + "” €"
