import time


class FakeClock:
    def sleep(self, seconds):
        print("fake sleep", seconds)


def use_fake_clock():
    global time
    time = FakeClock()


async def tick():
    time.sleep(1)
