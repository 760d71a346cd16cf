import httpx


async def sync_user(base, user):
    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
        profile = (await client.get(base + "/profile")).json()
        # then store it
        await client.put(base + "/users/" + user, json=profile)
    print("done")
