import requests


async def dashboard(base):
    user = requests.get(base + "/user")
    refunds = requests\
.get(base + "/refunds")
    return user, refunds
