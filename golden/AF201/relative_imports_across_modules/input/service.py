from .db import fetch_user
from . import db
from .db import Repo


async def handle(repo):
    fetch_user(1)
    db.fetch_user(2)
    Repo.get(repo, 3)
    db.helper()
