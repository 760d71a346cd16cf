import json
import os
import aiofiles

DATA_DIR = "/var/lib/app"
STATE = "state.json"


class Store:
    async def save(self, data):
        with open(self.path, "w") as f:
            json.dump(data, f)

    async def save_log(self, line):
        async with aiofiles.open(self.log, "a") as f:
            await f.write(line)


async def save_state(data):
    with open(STATE, "w") as f:
        f.write(json.dumps(data))


async def save_user(name, data):
    with open(os.path.join(DATA_DIR, name), "x") as f:
        f.write(data)


async def save_report(path, text):
    async with aiofiles.open(path, "w") as f:
        await f.write(text)
        await f.write("\n")


async def write_config(text):
    with open("config.ini", "w") as f:
        f.write(text)


def read_config():
    with open("config.ini") as f:
        return f.read()


async def write_scratch(text):
    with open("scratch.txt", "w") as f:
        f.write(text)
