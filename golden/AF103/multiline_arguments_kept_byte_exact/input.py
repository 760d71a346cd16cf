import subprocess


async def build(env):
    proc = subprocess.run(
        ["make",  "-j4"],   # parallel build
        env=env,
        check=True,
    )
    return proc
