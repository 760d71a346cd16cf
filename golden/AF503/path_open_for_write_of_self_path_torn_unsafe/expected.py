from pathlib import Path
import aiofiles


class Store:
    async def save(self, text):
        with Path(self.path).open("w") as f:
            f.write(text)

    async def save_to(self, path, text):
        async with aiofiles.open(Path(path), "w") as f:
            await f.write(text)
