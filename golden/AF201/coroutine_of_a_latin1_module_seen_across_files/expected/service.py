from .db import préparer


async def handle(uid):
    await préparer(uid)
    return uid
