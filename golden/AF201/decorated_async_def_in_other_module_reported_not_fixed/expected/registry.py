def register(fn):
    return fn
