async def sync_all(force=False):
    return force
