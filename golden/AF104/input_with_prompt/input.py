import sys


async def ask():
    name = input("name? ")
    return name
