from pathlib import Path


class Store:
    async def save(self, text):
        with Path(self.path).open("w") as f:
            f.write(text)

    async def save_to(self, path, text):
        with Path(path).open("w") as f:
            f.write(text)
