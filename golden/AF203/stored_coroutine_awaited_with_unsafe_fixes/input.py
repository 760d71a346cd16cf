async def fetch_user(uid):
    return {"id": uid}


async def main():
    user = fetch_user(1)
    print("loaded")
