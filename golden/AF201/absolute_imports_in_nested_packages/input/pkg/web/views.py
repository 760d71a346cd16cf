import pkg.store.queries
import pkg.store.queries as q
from pkg.store import queries
from ..store.queries import load as fetch


async def view():
    q.load(1)
    queries.load(2)
    pkg.store.queries.load(3)
    fetch(4)
