from api import slow_name


def line():
    return f"{slow_name()}"
