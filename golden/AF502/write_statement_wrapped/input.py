async def save(path, text):
    open(path, "w", encoding="utf-8").write(text)
