import pickle


async def convert(src, dst):
    with open(src, "rb") as a, open(dst, "w") as b:
        b.write(repr(pickle.load(a)))
