from .db import fetch_user
from . import db
from .db import Repo


async def handle(repo):
    await fetch_user(1)
    await db.fetch_user(2)
    await Repo.get(repo, 3)
    db.helper()
