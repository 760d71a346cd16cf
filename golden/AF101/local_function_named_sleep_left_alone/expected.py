from time import sleep


async def main():
    def sleep(seconds):
        print("pretend", seconds)

    sleep(1)
