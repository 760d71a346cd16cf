import subprocess
import asyncio


class Repo:
    async def fetch(self):
        await asyncio.to_thread(subprocess.run, ["git", "fetch"], cwd=self.path)

        async def inner():
            await asyncio.to_thread(subprocess.run, ["git", "gc"])

        await inner()
