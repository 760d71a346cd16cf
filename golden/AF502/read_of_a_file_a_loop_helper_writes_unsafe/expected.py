import aiofiles
STATE = "state.json"


def save_state(data):
    with open(STATE, "w") as f:
        f.write(data)


def init():
    with open("seed.txt", "w") as f:
        f.write("0")


async def handler(data):
    save_state(data)
    return open(STATE).read()


async def seed():
    async with aiofiles.open("seed.txt") as f:
        return await f.read()


init()
