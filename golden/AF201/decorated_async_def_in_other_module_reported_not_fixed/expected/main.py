from .jobs import run


async def main():
    run()
