from api import deploy


async def on_command(tag):
    deploy(tag)
