from helpers.db import save_user
from helpers import db


async def on_message(user):
    save_user(user)
    db.log_message(user)
