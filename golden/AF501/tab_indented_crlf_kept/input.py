import aiofiles


async def load(path):
	with open(path) as f:
		return f.read()
