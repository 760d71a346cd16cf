import mylib


async def main(items):
    return mylib.process(x * 2 for x in items)
