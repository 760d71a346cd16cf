async def show_name(path):
    with open(path, "rb") as f:
        data = f.read()
    print(f.name)
    return data


async def from_a_descriptor(fd):
    with open(fd, "rb") as f:
        return f.read()


async def bytes_literal():
    with open(b"/etc/hostname", "rb") as f:
        return f.read()


async def str_path(path):
    with open(path, "rb") as f:
        return f.read()
