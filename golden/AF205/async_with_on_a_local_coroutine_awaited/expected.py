import asyncio


class Conn:
    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return False


async def connect():
    await asyncio.sleep(0)
    return Conn()


async def main():
    async with await connect() as conn:
        print(conn)
