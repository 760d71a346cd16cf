from typing import overload


@overload
async def get(key: int) -> int: ...
@overload
async def get(key: str) -> str: ...
async def get(key):
    return key


async def main():
    await get(1)
