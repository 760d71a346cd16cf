import time


def settle():
    time.sleep(1)
