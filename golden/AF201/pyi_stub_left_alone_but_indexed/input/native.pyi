async def fetch() -> int: ...


async def use() -> None:
    fetch()
