import aiosqlite


class Repo:
    async def open(self, path):
        db = aiosqlite.connect(path)
        await db.execute("SELECT 1")
        self.db = db
