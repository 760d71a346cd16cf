from api import settle


async def main():
    settle()
