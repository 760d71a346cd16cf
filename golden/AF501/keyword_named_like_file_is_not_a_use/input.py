async def load(path, parse):
    with open(path) as f:
        text = f.read()
        parse(f=len(text), data=text)
    return text
