import aiosqlite


async def setup(path):
    db = aiosqlite.connect(path)
    await db.executescript("""
CREATE TABLE t (x);
    CREATE INDEX i ON t (x);
""")
    doc = f"""created
  in {path}"""
    await db.commit()
    return doc
