from .db import fetch_user
from . import db


async def profile(uid):
    user = await fetch_user(uid)
    rows = await db.fetch_rows("select 1")
    return uid
