import os
import time


class Poller:
    def pause(self, n):
        time.sleep(n)

    async def run(self):
        self.pause(1)


def walk(path, depth):
    if depth:
        walk(path, depth - 1)
    return os.listdir(path)


async def handler(message):
    def query(payload):
        time.sleep(payload)
        return payload

    walk(".", 2)
    return query(message)
