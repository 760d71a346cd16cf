import os


async def show_name(path):
    with open(path) as f:
        data = f.read()
    print(f.name)
    return data


async def was_closed(path, text):
    with open(path, "w") as f:
        f.write(text)
    closed = f.closed
    del f
    return closed


async def from_os_open(path):
    fd = os.open(path, os.O_RDONLY)
    with open(fd) as f:
        return f.read()


async def bytes_literal():
    with open(b"/etc/hostname", "rb") as f:
        return f.read()
