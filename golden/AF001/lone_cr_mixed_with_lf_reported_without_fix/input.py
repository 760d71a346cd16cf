import time
x = 1async def f():
    time.sleep(1)
