from app.store import fetch


async def refresh(key):
    await fetch(key)
