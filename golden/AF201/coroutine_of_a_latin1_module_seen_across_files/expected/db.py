# -*- coding: latin-1 -*-
"""Accès aux données."""
import asyncio


async def préparer(uid):
    await asyncio.sleep(0)
    return {"id": uid, "état": "prêt"}
