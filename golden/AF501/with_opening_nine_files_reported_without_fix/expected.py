async def merge():
    with open("p0") as f0, open("p1") as f1, open("p2") as f2, open("p3") as f3, open("p4") as f4, open("p5") as f5, open("p6") as f6, open("p7") as f7, open("p8") as f8:
        return [f0.read(), f1.read(), f2.read(), f3.read(), f4.read(), f5.read(), f6.read(), f7.read(), f8.read()]
