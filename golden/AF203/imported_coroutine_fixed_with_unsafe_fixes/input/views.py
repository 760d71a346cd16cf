from .db import fetch_user
from . import db


async def profile(uid):
    user = fetch_user(uid)
    rows = db.fetch_rows("select 1")
    return uid
