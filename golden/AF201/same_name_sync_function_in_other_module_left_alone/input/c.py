from .b import fetch
from . import a


async def main():
    fetch()
    a.fetch()
