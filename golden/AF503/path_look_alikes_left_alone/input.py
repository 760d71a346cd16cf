import asyncio
from pathlib import Path, PurePath

import trio

STATE = Path("state.json")
LOGS = Path("logs")
LOGS = None
ROOT = Path("/srv")


def reset():
    global ROOT
    ROOT = "/tmp"


async def lookup(resolver, host, repo, p: PurePath):
    answer = resolver.resolve(host)
    files = repo.iterdir()
    tree = repo.glob("*.py")
    return answer, files, tree, p.parent.exists(), p.with_suffix(".x").is_file()


async def names(p: Path):
    return p.absolute(), p.expanduser(), p.parent, p.with_name("x").name, ROOT.exists(), LOGS.exists()


async def shadowed(STATE):
    return STATE.read_text()


async def async_path():
    q = trio.Path("x")
    return await q.exists(), await q.resolve()


async def handed_over():
    return await asyncio.to_thread(STATE.read_text)


def sync_use():
    return STATE.read_text(), Path("a").resolve().exists()
