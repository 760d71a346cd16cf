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
        self.total += get_count(uid)
        self.by_user[uid] = self.by_user.get(uid, 0) + get_count(uid)
        counter += get_count(uid)
        counter = counter * 2 + get_count(uid)
        # local state, or a shared target written without being read first: safe
        local = 0
        local += get_count(uid)
        self.last = get_count(uid) + 1
        self.by_user[uid] = get_count(uid) - 1
        return local
