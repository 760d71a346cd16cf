def run(coro):
    coro.close()
    return None
