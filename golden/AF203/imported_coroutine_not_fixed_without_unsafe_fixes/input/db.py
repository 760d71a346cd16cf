async def fetch_user(uid):
    return {"id": uid}


async def fetch_rows(query):
    return []
