import os
import asyncio
import pathlib

CONFIG = b"/etc/app.conf"


async def from_os_open(path):
    fd = os.open(path, os.O_RDONLY)
    with open(fd) as f:
        return f.read()


async def from_a_socket(sock, text):
    with open(sock.fileno(), "w") as f:
        f.write(text)


async def from_a_pipe():
    r, w = os.pipe()
    with open(r, "rb") as f:
        return f.read()


async def standard_input():
    with open(0) as f:
        return f.read()


async def duplicate(out_fd, text):
    with open(os.dup(out_fd), "w") as f:
        f.write(text)


async def bytes_literal():
    with open(b"/etc/hostname", "rb") as f:
        return f.read()


async def bytes_bound_once():
    with open(CONFIG, "rb") as f:
        return f.read()


async def str_path(path="/etc/hostname"):
    return await asyncio.to_thread(pathlib.Path(path).read_bytes)
