# asyncfix: skip-file
from api import settle


async def old():
    settle()
