import svc.api


async def handle(name):
    await svc.api.call(name)
