import svc.api


async def handle(name):
    svc.api.call(name)
