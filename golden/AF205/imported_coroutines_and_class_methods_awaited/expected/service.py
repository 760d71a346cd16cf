from . import db
from .db import Repo, get_count, get_limit


async def handle(uid):
    if await get_count(uid) > get_limit():
        return None
    doubled = await db.get_count(uid) * 2
    row = (await Repo.fetch(uid))["key"]
    size = f"{await db.Repo.size()} rows"
    return doubled, row, size


def sync_report(uid):
    return str(get_count(uid))
