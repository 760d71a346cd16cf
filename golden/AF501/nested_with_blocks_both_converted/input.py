import aiofiles


async def merge(a, b, out):
    with open(out, "w") as w:
        with open(a) as x:
            w.write(x.read())
        with open(b) as y:
            for line in y:
                w.write(line)
