async def get_room_info(room):
    return None if room == "lobby" else {"room": room, "users": ["ana"]}


async def get_count(uid):
    return uid * 2


async def get_name():
    return "ana"


async def load_cache():
    return ["a"], []


async def is_ready():
    return True


async def join(room, uid):
    # conditions and comparisons
    if get_room_info(room) is None:
        return None
    while not is_ready():
        break
    ok = is_ready() and uid > 0
    mode = "fast" if is_ready() else "slow"
    assert is_ready(), "not ready"
    # arithmetic
    total = get_count(uid) + 1
    total += get_count(uid)
    negative = -get_count(uid)
    squared = get_count(uid) ** 2
    # formatting
    greeting = f"hello {get_name()}!"
    line = "{} joined".format(get_name())
    old_style = "%s joined" % get_name()
    # attributes and subscripts of the result
    users = get_room_info(room)["users"]
    upper = get_name().upper()
    # unpacking and iterating
    items, errors = load_cache()
    for item in get_name():
        print(item)
    both = ("", *get_name())
    # builtins that read the value
    print(get_count(uid))
    size = len(get_name())
    member = uid in get_room_info(room)["users"]
    evens = [n for n in range(4) if is_ready()]
    return ok, mode, total, negative, squared, greeting, line, old_style, users, upper, items, errors, both, size, member, evens
