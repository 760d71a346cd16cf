import os
import pathlib


async def w1(s):
    p = "state1.json"
    with open(p, "w") as f:
        f.write(s)


async def w2(s):
    with open(os.path.join("data", "state2.json"), "w") as f:
        f.write(s)


async def w3(s):
    with pathlib.Path("state3.json").open("w") as f:
        f.write(s)


async def w4(s):
    with open("state4.json", "w") as f:
        f.write(s)
