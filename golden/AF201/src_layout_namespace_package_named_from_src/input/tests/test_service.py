from app import store


async def test_fetch():
    store.fetch("k")
