from .native import fetch


async def main():
    fetch()
