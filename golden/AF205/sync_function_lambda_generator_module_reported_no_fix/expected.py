async def get_count(uid):
    return uid


def report(uid):
    # a sync function cannot await
    if get_count(uid) > 3:
        print("many")


async def main(uids):
    key = lambda uid: get_count(uid) + 1
    lazy = (n for n in uids if get_count(n))
    return key, lazy


class Settings:
    limit = get_count(1) + 1


if get_count(0):
    print("ready")
