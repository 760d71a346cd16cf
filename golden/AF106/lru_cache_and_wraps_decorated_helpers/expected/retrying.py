import functools
import time


def retry(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        for attempt in range(3):
            try:
                return fn(*args, **kwargs)
            except OSError:
                time.sleep(attempt)
        return fn(*args, **kwargs)
    return wrapper
