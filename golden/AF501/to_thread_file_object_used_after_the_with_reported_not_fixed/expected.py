async def show_name(path):
    with open(path) as f:
        data = f.read()
    print(f.name)
    return data


async def was_closed(path, text):
    with open(path, "w") as f:
        f.write(text)
    return f.closed


async def forget(path):
    with open(path) as f:
        data = f.read()
    del f
    return data


async def read_in_a_helper(path):
    def name():
        return f.name
    with open(path) as f:
        data = f.read()
    return data, name()


async def read_on_the_next_turn(paths):
    f = None
    for path in paths:
        if f is not None:
            print(f.name)
        with open(path) as f:
            data = f.read()
    return data


async def rebound_in_a_branch(path, reset):
    with open(path) as f:
        data = f.read()
    if reset:
        f = None
    return data, f
