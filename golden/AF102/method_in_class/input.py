import requests


class Api:
    async def user(self, uid):
        data = requests.get(self.base + "/users/" + uid).json()
        return data["name"]
