from .db import Pool, session


def run():
    with session() as s:
        print(s)


def other():
    with Pool():
        pass
