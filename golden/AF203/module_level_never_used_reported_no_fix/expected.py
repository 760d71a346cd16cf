async def fetch_user(uid):
    return {"id": uid}


user = fetch_user(7)

if __name__ == "__main__":
    admin = fetch_user(0)
