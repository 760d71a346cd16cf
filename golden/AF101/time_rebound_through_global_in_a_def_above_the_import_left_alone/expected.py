class FakeClock:
    def sleep(self, s):
        print("fake", s)


def use_fake_clock():
    global time
    time = FakeClock()


import time


async def tick():
    time.sleep(1)
