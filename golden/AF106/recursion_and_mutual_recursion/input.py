import os
import time


def walk_sizes(path, depth=0):
    total = os.path.getsize(path)
    if depth < 3:
        total += walk_sizes(path, depth + 1)
    return total


def ping(n):
    if n:
        pong(n - 1)


def pong(n):
    time.sleep(0.1)
    ping(n)


def spin(n):
    return spin(n - 1) if n else 0


async def report(path):
    size = walk_sizes(path)
    ping(3)
    spin(5)
    return size
