import typing


@typing.overload
async def get(key: int) -> int: ...
@typing.overload
async def get(key: str) -> str: ...
async def get(key):
    return key


@typing.overload
async def load(key: int) -> int: ...
@typing.overload
async def load(key: str) -> str: ...
def load(key):
    return key


async def main():
    await get(1)
    load(2)
