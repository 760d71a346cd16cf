from helpers.db import save_user
from helpers import db


async def on_message(user):
    await save_user(user)
    await db.log_message(user)
