import time


def slow_name():
    time.sleep(1)
    return "n"
