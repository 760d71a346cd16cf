import os
import secrets
import subprocess
import uuid
import aiofiles


async def render(temp_dir, text):
    file_name = f"diagram_{uuid.uuid4()}"
    puml = os.path.join(temp_dir, f"{file_name}.puml")
    async with aiofiles.open(puml, "w", encoding="utf-8") as f:
        await f.write(text)
    subprocess.run(["plantuml", puml])


async def shot(data):
    path = os.path.join("uploads", secrets.token_hex(8) + ".png")
    async with aiofiles.open(path, "wb") as f:
        await f.write(data)
    os.remove(path)

