import aiosqlite


async def names(path):
	match 0:
	    case _:
        	db = aiosqlite.connect(path)
        	rows = await db.execute_fetchall(
        		"SELECT name FROM t")
        	if rows:
        		print(rows)
        	return [r[0] for r in rows]
