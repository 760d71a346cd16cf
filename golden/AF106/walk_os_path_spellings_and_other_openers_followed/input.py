import codecs
import os
import posixpath


def count(top):
    return sum(len(files) for _, _, files in os.walk(top))


def spelled(path):
    return posixpath.exists(path)


def legacy(path):
    with codecs.open(path, "r", "utf-8") as f:
        return f.read()


def started(path):
    return os.spawnl(os.P_NOWAIT, "/usr/bin/touch", "touch", path)


async def main(path):
    started(path)
    return count(path), spelled(path), legacy(path)
