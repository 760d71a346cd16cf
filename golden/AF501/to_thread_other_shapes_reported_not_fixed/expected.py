async def append(path, lines):
    with open(path, "a") as f:
        f.write("x")
    with open(path) as f:
        for line in f:
            print(line)
    with open(path) as f:
        head = f.read(10)
        rest = f.read()
    return head, rest
