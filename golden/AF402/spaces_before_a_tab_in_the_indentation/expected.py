import aiosqlite


async def names(path):
	match 0:
	    case _:
        	async with aiosqlite.connect(path) as db:
        	    rows = await db.execute_fetchall(
        		    "SELECT name FROM t")
        	    if rows:
        		    print(rows)
        	    return [r[0] for r in rows]
