#!/usr/bin/env python3
# vim: set fileencoding=iso-8859-15 :
import time

PRIX = "12 €"  # the euro sign is 0xA4 in iso-8859-15


async def attendre():
    time.sleep(2)
    return PRIX
