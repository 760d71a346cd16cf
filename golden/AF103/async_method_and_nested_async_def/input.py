import subprocess


class Repo:
    async def fetch(self):
        subprocess.run(["git", "fetch"], cwd=self.path)

        async def inner():
            subprocess.run(["git", "gc"])

        await inner()
