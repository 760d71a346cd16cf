import asyncio as aio
from asyncio import run


async def refresh(n):
    return n


async def main():
    aio.run(refresh(1))
    value = run(refresh(2))
    return value
