async def cache(path, text):
    if text is not None:
        open(path, "w").write(text)
    else:
        text = open(path).read()
    return text
