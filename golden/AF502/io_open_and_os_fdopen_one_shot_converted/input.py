import io
import os


async def load(path, fd):
    text = io.open(path, encoding="utf-8").read()
    os.fdopen(fd, "w").write(text)
    return text
