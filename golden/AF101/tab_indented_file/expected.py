import asyncio


async def main():
	if True:
		await asyncio.sleep(1)
