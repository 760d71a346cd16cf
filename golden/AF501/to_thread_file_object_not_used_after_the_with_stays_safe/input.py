async def one(path):
    with open(path) as f:
        data = f.read()
    return data


async def two_files_one_name(src, dst):
    with open(src) as f:
        data = f.read()
    with open(dst, "w") as f:
        f.write(data)


async def either_file(path, other, first):
    if first:
        with open(path) as f:
            data = f.read()
    else:
        with open(other) as f:
            data = f.read()
    return data


async def name_bound_again(path, obj):
    with open(path) as f:
        data = f.read()
    f = data.strip()
    obj.f = f
    return f


async def name_of_the_next_turn(paths):
    for path in paths:
        f = None
        print(f)
        with open(path) as f:
            data = f.read()
    return data


async def own_name_in_a_helper(path):
    def show(f):
        return f
    with open(path) as f:
        data = f.read()
    return show(data), [f for f in data]
