import time


async def copy(src, dst: io.Buffer:Writer):
    time.sleep(1)
    dst.write(src)


def window(rows: list[1:10]):
    return rows
