from .db import préparer


async def handle(uid):
    préparer(uid)
    return uid
