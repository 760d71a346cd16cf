import aiosqlite


async def setup(path):
    async with aiosqlite.connect(path) as db:
        await db.executescript("""
CREATE TABLE t (x);
    CREATE INDEX i ON t (x);
""")
        doc = f"""created
  in {path}"""
        await db.commit()
    return doc
