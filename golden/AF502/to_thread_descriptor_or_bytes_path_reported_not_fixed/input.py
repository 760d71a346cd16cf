import os

HOSTNAME = b"/etc/hostname"


async def from_os_open(path):
    fd = os.open(path, os.O_RDONLY)
    return open(fd).read()


async def to_a_pipe(data):
    r, w = os.pipe()
    open(w, "wb").write(data)
    return r


async def from_a_file_object(stream):
    return open(stream.fileno(), "rb").read()


async def descriptor_parameter(fd: int, text):
    open(fd, "w").write(text)


async def bytes_paths():
    head = open(b"/etc/hostname", "rb").read()
    same = open(HOSTNAME, "rb").read()
    return head, same


async def str_path(path="/etc/hostname"):
    return open(path).read()
