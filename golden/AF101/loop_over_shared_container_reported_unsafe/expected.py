import time

SUBSCRIBERS = set()


class Hub:
    async def notify(self, text):
        for user in self.users:
            time.sleep(0.01)
            print(user, text)

    async def broadcast(self, text):
        for name, chat in SUBSCRIBERS.items():
            time.sleep(0.01)
            print(name, chat, text)
