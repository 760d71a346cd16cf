# -*- coding: latin-1 -*-
"""Café crème: le délai est à la fin."""
import time


async def préparer(élève):
    nom = "« %s »" % élève; time.sleep(0.1)  # attendre à peine
    time.sleep(0.2)
    return f"{nom} était là"
