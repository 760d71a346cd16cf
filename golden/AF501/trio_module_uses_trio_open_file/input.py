import trio


async def copy(src, dst):
    with open(src, "rb") as a, open(dst, "wb") as b:
        for chunk in a:
            b.write(chunk)
        print(a.name, b.mode)
