from app.store import fetch


async def refresh(key):
    fetch(key)
