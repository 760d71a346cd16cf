import os

__all__ = ["exists"]


def exists(path):
    return os.path.exists(path)
