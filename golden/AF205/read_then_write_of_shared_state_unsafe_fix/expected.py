counter = 0


async def get_count(uid):
    return uid


class Stats:
    def __init__(self):
        self.total = 0
        self.by_user = {}

    async def add(self, uid):
        global counter
        # read before the await, written after it: another task may change it in between
        self.total += await get_count(uid)
        self.by_user[uid] = self.by_user.get(uid, 0) + await get_count(uid)
        counter += await get_count(uid)
        counter = counter * 2 + await get_count(uid)
        # local state, or a shared target written without being read first: safe
        local = 0
        local += await get_count(uid)
        self.last = await get_count(uid) + 1
        self.by_user[uid] = await get_count(uid) - 1
        return local
