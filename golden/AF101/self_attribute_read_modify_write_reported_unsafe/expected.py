import time


class Bank:
    async def deposit(self, amount):
        balance = self.balance
        time.sleep(0.1)
        self.balance = balance + amount

    async def audit(self):
        self.entries.append("audit")
        time.sleep(0.1)
        return len(self.entries)
