import os

TMP = "/var/tmp/thumb_temp.jpg"
DST = "/var/tmp/thumb.jpg"


async def publish(data):
    with open(TMP, "wb") as f:
        f.write(data)
    os.rename(TMP, DST)


async def drop(path):
    os.remove(path)
