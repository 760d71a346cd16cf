import subprocess


async def run(*args, **kwargs):
    result = subprocess.run(*args, capture_output=True, **kwargs)
    return result.returncode
