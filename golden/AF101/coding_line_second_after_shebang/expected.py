#!/usr/bin/env python3
# vim: set fileencoding=iso-8859-15 :
import asyncio

PRIX = "12 €"  # the euro sign is 0xA4 in iso-8859-15


async def attendre():
    await asyncio.sleep(2)
    return PRIX
