from pathlib import Path


async def mixed(p: Path, q):
    with p.open() as f, open(q) as g:
        return f.read() + g.read()


async def with_lock(p: Path, lock):
    with lock, p.open() as f:
        return f.read()


async def escapes(p: Path):
    with p.open() as f:
        return f


async def handed_over(p: Path, reader):
    with p.open() as f:
        return reader(f)


async def bound_to_attribute(self, p: Path):
    with p.open() as self.f:
        return self.f.read()


async def generator_argument(p: Path):
    with p.open(m for m in "r") as f:
        return f.read()


async def already_async(p: Path):
    async with p.open() as f:
        return f.read()
