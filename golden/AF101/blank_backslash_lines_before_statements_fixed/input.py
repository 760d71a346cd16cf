import time


async def poll(ready):
    if ready:
        \
  time.sleep(1)
    while not ready:
\
        time.sleep(0.5)
    time.sleep(2)
