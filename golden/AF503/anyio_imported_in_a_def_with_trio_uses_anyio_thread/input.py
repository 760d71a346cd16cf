from pathlib import Path


async def open_anyio(p):
    from anyio import Path as APath
    return APath(p)


async def open_trio(p):
    from trio import Path as TPath
    return TPath(p)


async def exists(p: Path):
    return p.exists()
