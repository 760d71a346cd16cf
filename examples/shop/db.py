"""Order storage in SQLite (aiosqlite)."""
import aiosqlite

SCHEMA = """
CREATE TABLE IF NOT EXISTS orders (
    id INTEGER PRIMARY KEY,
    customer INTEGER NOT NULL,
    total_cents INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'new'
)
"""


async def init_db(path):
    db = await aiosqlite.connect(path)
    await db.execute(SCHEMA)
    await db.commit()
    await db.close()


async def save_order(path, order):
    db = aiosqlite.connect(path)
    await db.execute(
        "INSERT OR REPLACE INTO orders (id, customer, total_cents, status) VALUES (?, ?, ?, ?)",
        (order["id"], order["customer"], order["total_cents"], "new"),
    )
    await db.commit()


async def set_status(path, order_id, status):
    async with aiosqlite.connect(path) as db:
        await db.execute("UPDATE orders SET status = ? WHERE id = ?", (status, order_id))
        await db.commit()


async def pending_orders(path):
    async with aiosqlite.connect(path) as db:
        async with db.execute("SELECT id, customer, total_cents FROM orders WHERE status = 'new'") as cur:
            return [dict(zip(("id", "customer", "total_cents"), row)) async for row in cur]
