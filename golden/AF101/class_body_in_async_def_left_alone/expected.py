import time


async def main():
    class Config:
        time.sleep(0)
        delay = 1

    return Config
