async def load(path):
    with open(path, "rb") as f:
        return f.read()


async def store(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
