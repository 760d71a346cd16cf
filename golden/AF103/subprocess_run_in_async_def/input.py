import subprocess


async def build():
    subprocess.run(["make", "all"], check=True)
    print("built")
