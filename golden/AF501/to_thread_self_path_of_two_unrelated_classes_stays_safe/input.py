class A:
    async def save(self, s):
        with open(self.path, "wb") as f:
            f.write(s)


class B:
    async def peek(self):
        with open(self.path, "rb") as f:
            return f.read()
