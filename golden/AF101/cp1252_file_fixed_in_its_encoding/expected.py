# coding: cp1252
import asyncio


async def quote(text):
    # “smart quotes” and € in a cp1252 file — kept byte for byte
    await asyncio.sleep(1)
    return "“" + text + "” €"
