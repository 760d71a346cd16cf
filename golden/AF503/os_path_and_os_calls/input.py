import os


async def cleanup(path):
    if os.path.exists(path) and os.path.getsize(path) > 0:
        os.remove(path)
    os.makedirs("out", exist_ok=True)
    return os.listdir("out")
