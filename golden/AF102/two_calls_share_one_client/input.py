import requests


async def sync_user(base, user):
    profile = requests.get(base + "/profile").json()
    # then store it
    requests.put(base + "/users/" + user, json=profile)
    print("done")
