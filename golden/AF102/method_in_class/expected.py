import httpx


class Api:
    async def user(self, uid):
        async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:
            data = (await client.get(self.base + "/users/" + uid)).json()
        return data["name"]
