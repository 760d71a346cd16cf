import time


class Both:
    def __exit__(self, *exc.info):
        return False

    async def close(self):
        time.sleep(1)
