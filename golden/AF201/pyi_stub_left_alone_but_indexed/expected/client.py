from .native import fetch


async def main():
    await fetch()
