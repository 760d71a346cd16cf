# -*- coding: latin-1 -*-
"""Café crème: le délai est à la fin."""
import asyncio


async def préparer(élève):
    nom = "« %s »" % élève; await asyncio.sleep(0.1)  # attendre à peine
    await asyncio.sleep(0.2)
    return f"{nom} était là"
