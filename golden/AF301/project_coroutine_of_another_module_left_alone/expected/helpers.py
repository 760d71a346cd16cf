import json


async def get_account(user_id):
    with open("bank.json") as f:
        users = json.load(f)
    users.setdefault(str(user_id), {"wallet": 0})
    with open("bank.json", "w") as f:
        json.dump(users, f)


async def check_user(user_id):
    with open("bank.json") as f:
        return json.load(f)[str(user_id)]
