import pkg.store.queries
import pkg.store.queries as q
from pkg.store import queries
from ..store.queries import load as fetch


async def view():
    await q.load(1)
    await queries.load(2)
    await pkg.store.queries.load(3)
    await fetch(4)
