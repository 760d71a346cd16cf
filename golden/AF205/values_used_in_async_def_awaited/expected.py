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
    if await get_room_info(room) is None:
        return None
    while not await is_ready():
        break
    ok = await is_ready() and uid > 0
    mode = "fast" if await is_ready() else "slow"
    assert await is_ready(), "not ready"
    # arithmetic
    total = await get_count(uid) + 1
    total += await get_count(uid)
    negative = -await get_count(uid)
    squared = (await get_count(uid)) ** 2
    # formatting
    greeting = f"hello {await get_name()}!"
    line = "{} joined".format(await get_name())
    old_style = "%s joined" % await get_name()
    # attributes and subscripts of the result
    users = (await get_room_info(room))["users"]
    upper = (await get_name()).upper()
    # unpacking and iterating
    items, errors = await load_cache()
    for item in await get_name():
        print(item)
    both = ("", *await get_name())
    # builtins that read the value
    print(await get_count(uid))
    size = len(await get_name())
    member = uid in (await get_room_info(room))["users"]
    evens = [n for n in range(4) if await is_ready()]
    return ok, mode, total, negative, squared, greeting, line, old_style, users, upper, items, errors, both, size, member, evens
