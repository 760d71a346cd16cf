class Reader:
    async def load(self, path):
        with open(path) as self.f:
            return self.f.read()
