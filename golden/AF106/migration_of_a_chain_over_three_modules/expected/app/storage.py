import aiofiles
async def load_rows(month):
    async with aiofiles.open("/var/data/" + str(month)) as f:
        return (await f.read()).splitlines()
