import functools

from retrying import retry


@functools.lru_cache(maxsize=None)
def read_settings(path):
    with open(path) as f:
        return f.read()


@retry
def ping(host):
    return host


async def start(path, host):
    settings = read_settings(path)
    ping(host)
    return settings
