from svc.api import call


async def handle(name):
    await call(name)
