from .compat import fetch


async def main():
    fetch(1)
