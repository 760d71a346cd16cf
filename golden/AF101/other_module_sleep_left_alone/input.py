from mylib import sleep
import mylib.time as time


async def main():
    sleep(1)
    time.sleep(1)
