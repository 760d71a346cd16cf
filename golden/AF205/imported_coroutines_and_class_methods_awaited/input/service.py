from . import db
from .db import Repo, get_count, get_limit


async def handle(uid):
    if get_count(uid) > get_limit():
        return None
    doubled = db.get_count(uid) * 2
    row = Repo.fetch(uid)["key"]
    size = f"{db.Repo.size()} rows"
    return doubled, row, size


def sync_report(uid):
    return str(get_count(uid))
