async def get_count(uid):
    return uid


class Stats:
    async def add(self, uid):
        # local state, or a shared target written without being read first: safe
        local = 0
        local += await get_count(uid)
        self.last = await get_count(uid) + 1
        self.by_user[uid] = await get_count(uid) - 1
        return local
