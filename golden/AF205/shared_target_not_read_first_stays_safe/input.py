async def get_count(uid):
    return uid


class Stats:
    async def add(self, uid):
        # local state, or a shared target written without being read first: safe
        local = 0
        local += get_count(uid)
        self.last = get_count(uid) + 1
        self.by_user[uid] = get_count(uid) - 1
        return local
