import io
from pathlib import Path, PurePath


async def unknown(thing):
    with thing.open() as f:
        return f.read()


async def pure(p: PurePath, z):
    with z.open() as f:
        return f.read()


def sync(p: Path):
    with p.open() as f:
        return f.read()


async def nested(p: Path):
    def inner():
        with p.open() as f:
            return f.read()
    return inner


async def zip_member(archive, name):
    with archive.open(name) as f:
        return io.TextIOWrapper(f).read()
