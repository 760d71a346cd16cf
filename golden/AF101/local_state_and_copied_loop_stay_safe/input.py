import time


class Hub:
    async def notify(self, text):
        sent = 0
        for user in list(self.users):
            time.sleep(0.01)
            sent += 1
        count = sent
        time.sleep(0.01)
        count = count + 1
        return count, self.name
