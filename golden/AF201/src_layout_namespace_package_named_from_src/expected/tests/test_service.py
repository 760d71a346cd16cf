from app import store


async def test_fetch():
    await store.fetch("k")
