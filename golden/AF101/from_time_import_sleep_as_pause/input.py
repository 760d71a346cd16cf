from time import sleep as pause


async def main():
    pause(0.5)
